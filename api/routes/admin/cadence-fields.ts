// Request fields of the update cadence, shared by the page settings and incidents.
import { z } from 'zod';
import { nameField } from './text-fields.ts';

/** A year: long enough for any cadence, short enough that a due time stays a valid date. */
const MAX_CADENCE_MINUTES = 525_600;

export const cadenceMinutes = () => z.int().min(1).max(MAX_CADENCE_MINUTES).describe('Minutes, 1 or more.');

// Addresses are one line (they reach a To: header) and compared as given.
export const emailAddress = () => z.string().trim().max(254).pipe(z.email('Not an email address.'));

export const leadField = () =>
  z
    .strictObject({
      email: emailAddress(),
      name: nameField(100).nullable().optional().describe('Shown in escalations: "lead: Ann Lee <ann@…>".'),
    })
    .nullable()
    .describe(
      'Who leads the incident: reminded by email when a public update is due. Default: the page’s escalation_email; null clears.',
    );

export const incidentCadence = () =>
  cadenceMinutes()
    .nullable()
    .describe(
      "This incident's own minutes between public updates, whatever its impact; null: the page's update_cadence_minutes for its impact.",
    );
