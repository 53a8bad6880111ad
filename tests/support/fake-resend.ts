// The Resend stand-in (resend-stub.ts) for a test: closed when the test finishes.
import { onTestFinished } from 'vitest';
import { type ResendStub, type ResendStubOptions, startResendStub } from './resend-stub.ts';

export type { DeliveredEmail, Failure } from './resend-stub.ts';
export type FakeResend = ResendStub;

export async function startFakeResend(options: ResendStubOptions = {}): Promise<FakeResend> {
  const stub = await startResendStub(options);
  onTestFinished(stub.close);
  return stub;
}
