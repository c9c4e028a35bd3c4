/** What `.withResponse()` gives: the parsed data, the raw `Response` and the server's request id. */
export interface WithResponse<T> {
  data: T;
  /** The HTTP answer; its body has already been read into `data`. */
  response: Response;
  /** The `X-Request-Id` to quote when reporting a problem. */
  requestId: string | null;
}

/** An answer as a call produces it: the data and the response it came from. */
export interface Answer<T> {
  data: T;
  response: Response;
}

/**
 * What every client method returns: a promise of the data (`await` it as usual) that can also give the raw
 * response, through `.withResponse()` or `.asResponse()`. The request starts when the method is called.
 */
export class APIPromise<T> extends Promise<T> {
  private parsed?: Promise<T>;
  private readonly answer: Promise<Answer<T>>;

  constructor(answer: Promise<Answer<T>>) {
    // The base promise is never used: `then` below reads from `answer` instead.
    super((resolve) => resolve(null as T));
    this.answer = answer;
    // A failure surfaces through `then`/`withResponse`; this keeps an unawaited call from crashing the process.
    answer.catch(() => {});
  }

  /** Promises made from this one by `then` are plain promises. */
  static override get [Symbol.species]() {
    return Promise;
  }

  /** The data together with the raw `Response` and the request id. */
  withResponse(): Promise<WithResponse<T>> {
    return this.answer.then(({ data, response }) => ({
      data,
      response,
      requestId: response.headers.get("x-request-id"),
    }));
  }

  /** Just the raw `Response` (its body already read). */
  asResponse(): Promise<Response> {
    return this.answer.then(({ response }) => response);
  }

  /** A promise of `map(data)` that keeps this call's response, for `withResponse` on derived values. */
  _map<U>(map: (data: T) => U | Promise<U>): APIPromise<U> {
    return new APIPromise(
      this.answer.then(async ({ data, response }) => ({ data: await map(data), response })),
    );
  }

  private parse(): Promise<T> {
    this.parsed ??= this.answer.then(({ data }) => data);
    return this.parsed;
  }

  // biome-ignore lint/suspicious/noThenProperty: an APIPromise is meant to be awaited like any promise
  override then<A = T, B = never>(
    onfulfilled?: ((value: T) => A | PromiseLike<A>) | null,
    // biome-ignore lint/suspicious/noExplicitAny: the signature of Promise#then
    onrejected?: ((reason: any) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return this.parse().then(onfulfilled, onrejected);
  }

  // biome-ignore lint/suspicious/noExplicitAny: the signature of Promise#catch
  override catch<B = never>(onrejected?: ((reason: any) => B | PromiseLike<B>) | null): Promise<T | B> {
    return this.parse().catch(onrejected);
  }

  override finally(onfinally?: (() => void) | null): Promise<T> {
    return this.parse().finally(onfinally);
  }
}
