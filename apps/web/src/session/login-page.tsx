import { type FormEvent, useState } from "react";
import { ErrorBox } from "../components/status.js";
import { useSession } from "./session-context.js";

/** Sign-in with an API key; the key is traded for short-lived tokens at once and never stored. */
export function LoginPage() {
  const { login } = useSession();
  const [key, setKey] = useState("");
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await login(key.trim());
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };
  return (
    <main id="main" className="login">
      <h1>Parzen console</h1>
      <form onSubmit={submit} className="card">
        <label htmlFor="api-key">API key</label>
        <input
          id="api-key"
          type="password"
          autoComplete="off"
          required
          value={key}
          onChange={(e) => setKey(e.target.value)}
          placeholder="pz_…"
        />
        <p className="muted">
          The key is exchanged for an access token that lasts 15 minutes and renews itself.
        </p>
        <button type="submit" disabled={busy || !key.trim()}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
        <ErrorBox error={error} />
      </form>
    </main>
  );
}
