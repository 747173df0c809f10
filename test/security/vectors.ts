/** Hostile inputs shared by the security tests (unit and browser). */

/** `javascript:` and friends in the spellings browsers still run: case, controls, whitespace. */
export const SCRIPT_URLS = [
  'javascript:alert(1)',
  'JAVASCRIPT:alert(1)',
  'JaVaScRiPt:alert(1)',
  ' javascript:alert(1)',
  '\tjavascript:alert(1)',
  '\njavascript:alert(1)',
  'java\tscript:alert(1)',
  'java\nscript:alert(1)',
  'java\rscript:alert(1)',
  'javascript\t:alert(1)',
  '\u0000javascript:alert(1)',
  '\u0001javascript:alert(1)',
  '\u001fjavascript:alert(1)',
  'javascript:alert(1)\u0000',
  '\u00a0javascript:alert(1)',
  'javascript:alert(1) ',
  'vbscript:msgbox(1)',
  'data:text/html,<script>alert(1)</script>',
  'DATA:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
  'blob:https://example.com/1',
  'file:///etc/passwd',
  'feed:javascript:alert(1)',
];
