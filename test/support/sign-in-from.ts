// Signs in over a socket bound to a chosen local address (any of 127.0.0.0/8 on Linux), so a test
// can be several clients at different addresses against one real server, as the throttle sees them.
import { request, type IncomingHttpHeaders } from "node:http";

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface SignInResult {
  /** A session cookie was issued. */
  signedIn: boolean;
  /** Auth.js's error code on failure: "credentials", "too_many_attempts". */
  code: string | null;
  /** The Cookie header of the new session. */
  cookie: string;
}

export function requestFrom(
  localAddress: string,
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<RawResponse> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port: target.port,
        path: target.pathname + target.search,
        method: init.method ?? "GET",
        localAddress,
        // Auth.js builds its URLs from Host: keep the app's own name, not the address dialled.
        headers: { host: target.host, ...init.headers },
      },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (body += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on("error", reject);
    req.end(init.body);
  });
}

function cookiesOf(response: RawResponse): string[] {
  const set = response.headers["set-cookie"] ?? [];
  return set.map((header) => header.split(";")[0]!).filter((pair) => !pair.endsWith("="));
}

/** Auth.js's credentials flow (CSRF token, then the form post) from `localAddress`. */
export async function signInFrom(
  localAddress: string,
  baseUrl: string,
  credentials: { email: string; password: string },
  headers: Record<string, string> = {},
): Promise<SignInResult> {
  const csrf = await requestFrom(localAddress, `${baseUrl}/api/auth/csrf`, { headers });
  const { csrfToken } = JSON.parse(csrf.body) as { csrfToken: string };
  const posted = await requestFrom(localAddress, `${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    headers: {
      ...headers,
      "content-type": "application/x-www-form-urlencoded",
      origin: new URL(baseUrl).origin,
      cookie: cookiesOf(csrf).join("; "),
    },
    body: new URLSearchParams({ csrfToken, ...credentials }).toString(),
  });
  const session = cookiesOf(posted).filter((pair) => pair.includes("session-token"));
  const location = String(posted.headers.location ?? "");
  const code = new URL(location, baseUrl).searchParams.get("code");
  return {
    signedIn: session.length > 0,
    code: session.length > 0 ? null : (code ?? "none"),
    cookie: session.join("; "),
  };
}
