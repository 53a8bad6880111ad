import { describe, expect, it } from 'vitest';
import { xmlWellFormednessProblem } from './xml-check.ts';

describe('xmlWellFormednessProblem', () => {
  it('passes well-formed XML with tabs, line breaks, emoji and CDATA', () => {
    expect(xmlWellFormednessProblem('<a x="1">\t\r\n😀 &amp; &#x9; <![CDATA[<b>]]></a>')).toBeNull();
  });

  it('finds what XML 1.0 forbids, raw or referenced, and broken structure', () => {
    expect(xmlWellFormednessProblem('<a>\u001b</a>')).toMatch(/U\+1B/);
    expect(xmlWellFormednessProblem('<a>\ufffe</a>')).toMatch(/U\+FFFE/);
    expect(xmlWellFormednessProblem('<a>\ud800</a>')).toMatch(/U\+D800/);
    expect(xmlWellFormednessProblem('<a>&#0;</a>')).toMatch(/&#0;/);
    expect(xmlWellFormednessProblem('<a>&#x1B;</a>')).toMatch(/&#x1B;/);
    expect(xmlWellFormednessProblem('<a><b></a>')).not.toBeNull();
  });
});
