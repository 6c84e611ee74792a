export * from "./ack";
export * from "./chat";
