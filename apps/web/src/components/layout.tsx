import { type ReactNode, useState } from "react";
import { NavLink } from "react-router";
import { useSession } from "../session/session-context.js";
import { ErrorBox } from "./status.js";

const PAGES: [string, string][] = [
  ["/datasets", "Datasets"],
  ["/training", "Training"],
  ["/models", "Models"],
  ["/deployments", "Deployments"],
  ["/reports", "Reports"],
  ["/monitors", "Monitors"],
  ["/agents", "Agents"],
];

/** The team switcher: acting for another team trades a short-lived key of that team for tokens. */
function TeamSwitcher() {
  const { teams, teamId, selectTeam } = useSession();
  const [error, setError] = useState<unknown>();
  if (teams.length === 0) return null;
  return (
    <div className="team">
      <label htmlFor="team-select">Team</label>
      <select
        id="team-select"
        value={teamId}
        onChange={(e) => {
          setError(undefined);
          selectTeam(e.target.value).catch(setError);
        }}
      >
        {teams.map((team) => (
          <option key={team.id} value={team.id}>
            {team.name}
          </option>
        ))}
      </select>
      <ErrorBox error={error} />
    </div>
  );
}

/** The page frame: a skip link, the header with navigation and team, and the page. */
export function Layout({ children }: { children: ReactNode }) {
  const { logout } = useSession();
  const [open, setOpen] = useState(false);
  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <span className="brand">Parzen</span>
        <button
          type="button"
          className="menu-toggle"
          aria-expanded={open}
          aria-controls="main-nav"
          onClick={() => setOpen(!open)}
        >
          Menu
        </button>
        <nav id="main-nav" aria-label="Main" className={open ? "open" : undefined}>
          <ul>
            {PAGES.map(([to, label]) => (
              <li key={to}>
                <NavLink to={to} onClick={() => setOpen(false)}>
                  {label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <TeamSwitcher />
        <button type="button" className="link" onClick={logout}>
          Sign out
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
