// A team's chat: /teams/<slug>/chat, live for people who may chat and read-only for viewers.
import { expect, type Locator, type Page } from "@playwright/test";

export class ChatPage {
  /** The conversation; each message in it is an article named after its author. */
  readonly log: Locator;
  readonly messages: Locator;
  readonly userMessages: Locator;
  readonly messageBox: Locator;
  readonly sendButton: Locator;
  readonly endSessionButton: Locator;
  readonly startNewSessionButton: Locator;
  /** Asks before "End session" discards a plan that is still open. */
  readonly endSessionDialog: Locator;
  readonly connected: Locator;
  /** Errors and refusals; scoped to <main> because Next's route announcer is an alert too. */
  readonly alert: Locator;
  readonly readOnlyNotice: Locator;

  constructor(readonly page: Page) {
    const main = page.getByRole("main");
    this.log = main.getByRole("log", { name: "Messages" });
    this.messages = this.log.getByRole("article");
    this.userMessages = this.log.getByRole("article", { name: "Message from You", exact: true });
    this.messageBox = main.getByRole("textbox", { name: "Message" });
    this.sendButton = main.getByRole("button", { name: "Send", exact: true });
    this.endSessionButton = main.getByRole("button", { name: "End session" });
    this.startNewSessionButton = main.getByRole("button", { name: "Start a new session" });
    this.endSessionDialog = page.getByRole("dialog", {
      name: "End the session and discard the plan?",
    });
    this.connected = main.getByRole("status").filter({ hasText: /^Connected$/ });
    this.alert = main.getByRole("alert");
    this.readOnlyNotice = main.getByText(
      "Viewers can read this team's chats but cannot send messages",
    );
  }

  async goto(slug: string): Promise<void> {
    await this.page.goto(`/teams/${slug}/chat`);
  }

  /** The manager's finished replies (a reply still being written is named differently). */
  repliesFrom(managerRole: string): Locator {
    return this.log.getByRole("article", { name: `Message from ${managerRole}`, exact: true });
  }

  /** Waits until the socket is up and the session's history is shown. */
  async waitUntilReady(): Promise<void> {
    // A token request, the socket and the session's snapshot: slow on a loaded 2-core machine.
    await expect(this.connected).toBeVisible({ timeout: 30_000 });
    await expect(this.messages.first()).toBeVisible();
  }

  async type(text: string): Promise<void> {
    await this.messageBox.click();
    await this.messageBox.pressSequentially(text);
  }

  /**
   * Makes this page miss plan updates until `release` (install before `goto`): the server's
   * delegation:preview frames are dropped on the way in, as for a tab whose update had not arrived
   * yet when its user clicked. Everything else passes through.
   */
  async missPlanUpdates(): Promise<{ start(): void; release(): void; missed(): number }> {
    let isMissing = false;
    let missed = 0;
    await this.page.routeWebSocket(/\/socket\.io\//, (socket) => {
      const server = socket.connectToServer();
      socket.onMessage((message) => server.send(message));
      server.onMessage((message) => {
        if (isMissing && typeof message === "string" && message.includes('"delegation:preview"')) {
          missed += 1;
          return;
        }
        socket.send(message);
      });
    });
    return {
      start: () => {
        isMissing = true;
      },
      release: () => {
        isMissing = false;
      },
      missed: () => missed,
    };
  }

  /**
   * Ends the current session (discarding an open plan left by an earlier test, when the dialog
   * asks) and starts a new one, empty but for the greeting.
   */
  async startNewSession(): Promise<void> {
    await this.endSessionButton.click();
    await expect(this.startNewSessionButton.or(this.endSessionDialog)).toBeVisible();
    if (await this.endSessionDialog.isVisible())
      await this.endSessionDialog.getByRole("button", { name: "End and discard the plan" }).click();
    await this.startNewSessionButton.click();
    // The old session's messages stay until the new session's snapshot replaces them.
    await expect(this.startNewSessionButton).toHaveCount(0);
    await this.waitUntilReady();
    await expect(this.userMessages).toHaveCount(0);
  }

  /** Opens the team's chat and starts a session of its own there, empty but for the greeting. */
  async openNewSession(slug: string): Promise<void> {
    await this.goto(slug);
    await this.waitUntilReady();
    await this.startNewSession();
  }

  /** Types the message and sends it with Enter. */
  async send(text: string): Promise<void> {
    await this.messageBox.fill(text);
    await this.messageBox.press("Enter");
  }

  /** Every message as the reader sees it (author, time and text), in order. */
  async messageTexts(): Promise<string[]> {
    return this.messages.allInnerTexts();
  }
}
