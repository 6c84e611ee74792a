// Request headers the custom server's front door (server/http) sets on every request, overwriting
// whatever the client sent, for the app to read.

/** The client's address (the trusted proxy's word for it with TRUST_PROXY, else the socket's). */
export const CLIENT_ADDRESS_HEADER = "x-elf-client-address";
/** This request's Content-Security-Policy nonce. */
export const NONCE_HEADER = "x-nonce";
