// The rules every text field of an admin body follows, so that whatever the API accepts can be
// stored whole, shown on the page and written into the feeds (XML 1.0) without breaking them.
import { z } from 'zod';
import { markdownRenderProblem } from '../../../site/lib/markdown-parse.ts';
import { indexOfXmlForbidden } from '../../../site/lib/xml-text.ts';

// A name needs at least one character a reader can see: not spaces, not zero-width or other
// default-ignorable characters (U+200B, U+2060, U+FEFF, Hangul fillers…), not a blank braille cell.
const INVISIBLE = /[\p{White_Space}\p{Default_Ignorable_Code_Point}\p{Cc}\u2800]/gu;

/**
 * The code point and position of the first character no field may hold, or null: what XML 1.0
 * forbids (C0 controls but tab, LF and CR; U+FFFE, U+FFFF; unpaired surrogates), NUL included, since a NUL stored
 * cuts the string where C code and SQLite's text functions read it.
 */
export function findForbiddenCharacter(text: string): string | null {
  const index = indexOfXmlForbidden(text);
  if (index >= 0) {
    const code = text.charCodeAt(index);
    return `U+${code.toString(16).toUpperCase().padStart(4, '0')} at character ${index + 1}`;
  }
  return null;
}

/** True when the text has a character that shows: a name made only of invisible ones does not. */
export function hasVisibleCharacter(text: string): boolean {
  return text.replace(INVISIBLE, '').length > 0;
}

// Later checks run only on a value that passed the earlier ones: one message per problem, and no
// render of a body already refused for its length.
const whenValidSoFar = { when: (payload: { issues: readonly unknown[] }) => payload.issues.length === 0 };

const withoutForbiddenCharacters = (field: z.ZodString) =>
  field.superRefine((value, context) => {
    const found = findForbiddenCharacter(value);
    if (found) {
      context.addIssue({
        code: 'custom',
        message: `Holds a control or non-character (${found}); only tab, line feed and carriage return are allowed.`,
      });
    }
  }, whenValidSoFar);

/** Free text (descriptions): at most `max` characters, as typed, no forbidden character. */
export function textField(max: number) {
  return withoutForbiddenCharacters(z.string().max(max));
}

/** A name: trimmed, 1 to `max` characters, at least one of them visible. */
export function nameField(max: number) {
  return withoutForbiddenCharacters(z.string().trim().min(1).max(max)).refine(hasVisibleCharacter, {
    message: 'Has no visible character.',
    ...whenValidSoFar,
  });
}

/**
 * A markdown body: a name's rules, and rendered once on the way in so that a body the site could
 * not render (too deep, too slow) is refused here rather than stop every later build.
 */
export function markdownField(max: number) {
  return nameField(max).superRefine((value, context) => {
    const problem = markdownRenderProblem(value);
    if (problem) context.addIssue({ code: 'custom', message: problem });
  }, whenValidSoFar);
}
