/**
 * Control characters other than tab and line breaks (C0, DEL and C1): no reader sees them, and in a
 * terminal they move the cursor or retitle the window. One definition for the scorer, feeds and digest.
 */
export const CONTROL_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;
