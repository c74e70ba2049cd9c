import { z } from 'zod';

/** The capture queue's message: just the case to capture; everything else is read from the store. */
export const CaptureMessage = z.object({
  caseId: z.string().regex(/^c-[0-9a-f]{16}$/, 'a case id looks like c-0123456789abcdef'),
  academyId: z.string().min(1).max(40),
});
export type CaptureMessage = z.infer<typeof CaptureMessage>;
