// Every tab of a session, on any instance, is in the session's room: what the session says is
// emitted to the room.
export const sessionRoom = (sessionId: string) => `session:${sessionId}`;
