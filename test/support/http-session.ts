// A signed-in HTTP client for the real server: next-auth's CSRF + credentials flow, cookies kept,
// and the Origin header a browser sends with every state-changing request.
export class HttpSession {
  private cookies = new Map<string, string>();
  constructor(readonly baseUrl: string) {}

  private store(response: Response): void {
    for (const header of response.headers.getSetCookie()) {
      const [pair] = header.split(";");
      const [name, ...value] = pair!.split("=");
      this.cookies.set(name!.trim(), value.join("="));
    }
  }

  /** The Cookie header this session sends, for clients other than fetch (streams, sockets). */
  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  async fetch(pathname: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) headers.set("cookie", this.cookieHeader());
    // As a browser does on every state-changing request from the app's own pages.
    const method = (init.method ?? "GET").toUpperCase();
    if (method !== "GET" && method !== "HEAD" && !headers.has("origin"))
      headers.set("origin", new URL(this.baseUrl).origin);
    const response = await fetch(new URL(pathname, this.baseUrl), {
      ...init,
      headers,
      redirect: "manual",
    });
    this.store(response);
    return response;
  }

  /** Signs in; resolves true when a session cookie was issued. */
  async signIn(email: string, password: string): Promise<boolean> {
    const { csrfToken } = (await (await this.fetch("/api/auth/csrf")).json()) as {
      csrfToken: string;
    };
    await this.fetch("/api/auth/callback/credentials", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ csrfToken, email, password }),
    });
    return [...this.cookies.keys()].some((name) => name.includes("session-token"));
  }

  /** Signs out as the app's sign-out button does (Auth.js's CSRF token, then the form post). */
  async signOut(): Promise<Response> {
    const { csrfToken } = (await (await this.fetch("/api/auth/csrf")).json()) as {
      csrfToken: string;
    };
    return this.fetch("/api/auth/signout", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ csrfToken }),
    });
  }

  /** A copy holding the same cookies: the same browser session, kept after this one moves on. */
  copy(baseUrl = this.baseUrl): HttpSession {
    const twin = new HttpSession(baseUrl);
    for (const [name, value] of this.cookies) twin.cookies.set(name, value);
    return twin;
  }
}
