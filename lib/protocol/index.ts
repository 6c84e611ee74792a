export * from "./ack";
export * from "./chat";
export * from "./delegation";
