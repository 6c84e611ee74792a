// A conversation with the executive team's offline planner that ends in a plan card.
import { expect } from "@playwright/test";
import type { ChatPage } from "../pages/chat-page";
import type { PreviewCard } from "../pages/preview-card";

export const TEAM = {
  slug: "executive-team",
  name: "Executive Leadership Team",
  manager: "Chief Executive Officer",
};

/** A new session of the user's chat, talked to until the plan card appears; its title and version. */
export async function converseUntilPlan(
  chatPage: ChatPage,
  previewCard: PreviewCard,
  tag = `${Date.now()}`,
): Promise<{ title: string; version: number }> {
  // Other tests chatted in this session already; the plan is built from a conversation of its own.
  await chatPage.openNewSession(TEAM.slug);
  await expect(previewCard.card).toHaveCount(0);

  const replies = await chatPage.repliesFrom(TEAM.manager).count();
  await chatPage.send(
    `Launch a marketing campaign for our analytics product ${tag} by end of next month`,
  );
  await expect(chatPage.repliesFrom(TEAM.manager)).toHaveCount(replies + 1);
  await chatPage.send("At least 500 sign-ups in the first week");
  await expect(chatPage.repliesFrom(TEAM.manager)).toHaveCount(replies + 2);

  await expect(previewCard.card).toBeVisible();
  await expect(previewCard.title()).toContainText(tag);
  // The plan may first appear without the criterion and be revised once it is known.
  await expect(previewCard.card).toContainText("At least 500 sign-ups in the first week");
  return {
    title: (await previewCard.title().innerText()).trim(),
    version: await previewCard.versionNumber(),
  };
}
