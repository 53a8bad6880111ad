import type { AppEnv } from '../context.ts';
import type { Form } from './form.ts';
import type { SignedIn } from './session.ts';

/** An entry of the console's navigation. */
export interface NavEntry {
  label: string;
  path: string;
}

/** A console request: the app's variables plus who is signed in and the posted form. */
export interface ConsoleEnv {
  Bindings: AppEnv['Bindings'];
  Variables: AppEnv['Variables'] & { session: SignedIn; form: Form; nav: readonly NavEntry[] };
}
