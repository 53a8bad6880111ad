import type { Subscriber } from '../../db/queries/subscribers.ts';
import type { Component, ComponentGroup } from '../../db/types.ts';
import { INCIDENT_IMPACTS } from '../../db/types.ts';
import { html, type SafeHtml } from './html.ts';

// The bodies of the pages a subscriber sees; api/subscribers/html.ts frames them.

export interface Page {
  title: string;
  body: SafeHtml;
}

export const checkInboxPage = (): Page => ({
  title: 'Check your inbox',
  body: html`<h1>Check your inbox</h1><p class="card">If this address can be subscribed, we have sent it an email
with a confirmation link. The subscription starts once you open it and press Confirm.</p>`,
});

export const invalidInputPage = (problems: readonly { pointer: string; detail: string }[]): Page => ({
  title: 'Please check the form',
  body: html`<h1>Please check the form</h1><ul class="error">${problems.map(
    (problem) => html`<li>${problem.pointer.replace(/^\//, '') || 'form'}: ${problem.detail}</li>`,
  )}</ul><p>Go back and try again.</p>`,
});

export const confirmPage = (token: string): Page => ({
  title: 'Confirm your subscription',
  body: html`<h1>Confirm your subscription</h1><form method="post" action="/subscribe/confirm" class="card">
<input type="hidden" name="token" value="${token}"><p>Press the button to start receiving status updates by email.</p>
<button type="submit">Confirm</button></form>`,
});

export const confirmedPage = (manageUrl: string): Page => ({
  title: 'Subscription confirmed',
  body: html`<h1>Subscription confirmed</h1><p class="card ok">You will receive status updates by email.</p>
<p><a href="${manageUrl}">Choose components or unsubscribe</a></p>`,
});

export const invalidLinkPage = (): Page => ({
  title: 'Link not valid',
  body: html`<h1>This link is not valid</h1><p class="card">It may have been used already or have expired
(confirmation links last 7 days). Subscribe again to get a new one.</p>`,
});

export const unsubscribePage = (token: string): Page => ({
  title: 'Unsubscribe',
  body: html`<h1>Unsubscribe</h1><form method="post" action="/unsubscribe" class="card">
<input type="hidden" name="token" value="${token}"><p>Stop all status emails to this address?</p>
<button type="submit">Unsubscribe</button></form>`,
});

export const unsubscribedPage = (): Page => ({
  title: 'Unsubscribed',
  body: html`<h1>You are unsubscribed</h1><p class="card">This address will receive no more status emails.</p>`,
});

const IMPACT_LABELS: Record<string, string> = {
  none: 'Every incident',
  minor: 'Minor impact or worse',
  major: 'Major impact or worse',
  critical: 'Critical impact only',
};

/** Checkboxes for every component, by group; a group's own box follows components added later. */
export function componentChoices(
  groups: readonly ComponentGroup[],
  components: readonly Component[],
  chosen: ReadonlySet<string>,
): SafeHtml {
  const box = (id: string, label: string) =>
    html`<label><input type="checkbox" name="components" value="${id}"${chosen.has(id) ? html` checked` : html``}> ${label}</label>`;
  const loose = components.filter((component) => component.group_id === null);
  const sections = groups.map((group) => {
    const members = components.filter((component) => component.group_id === group.id);
    return html`<fieldset><legend>${group.name}</legend>${box(group.id, `All of ${group.name}`)}${members.map((c) => box(c.id, c.name))}</fieldset>`;
  });
  return html`${sections}${loose.length ? html`<fieldset><legend>Other components</legend>${loose.map((c) => box(c.id, c.name))}</fieldset>` : html``}`;
}

export function impactChoices(current: string): SafeHtml {
  return html`<fieldset><legend>Which incidents</legend>${INCIDENT_IMPACTS.map(
    (impact) =>
      html`<label><input type="radio" name="min_impact" value="${impact}"${impact === current ? html` checked` : html``}> ${IMPACT_LABELS[impact] ?? impact}</label>`,
  )}</fieldset>`;
}

export function managePage(
  subscriber: Subscriber,
  token: string,
  choices: { groups: readonly ComponentGroup[]; components: readonly Component[] },
  saved: boolean,
): Page {
  const chosen = new Set(subscriber.components ?? []);
  return {
    title: 'Manage your subscription',
    body: html`<h1>Manage your subscription</h1><p class="muted">For ${subscriber.email}</p>
${saved ? html`<p class="card ok" role="status">Saved.</p>` : html``}
<form method="post" action="/subscribe/manage"><input type="hidden" name="token" value="${token}">
<p>Tick nothing to follow the whole page.</p>${componentChoices(choices.groups, choices.components, chosen)}
${impactChoices(subscriber.min_impact)}<button type="submit">Save</button></form>
<form method="post" action="/unsubscribe"><input type="hidden" name="token" value="${token}">
<p><button type="submit" class="secondary">Unsubscribe from everything</button></p></form>`,
  };
}
