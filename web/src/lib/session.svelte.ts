import type { Lang, SessionAnswer } from '@nianbao/shared';
import { ApiFailure, editing } from './api.ts';
import { errorText } from './errors.ts';
import { t } from './i18n.ts';

/**
 * Who is signed in. `available` is false where the server has no accounts (started without a
 * writable database): then nothing offers to sign in.
 */
export const session = $state<{ editor: SessionAnswer['editor']; available: boolean; loaded: boolean }>({ editor: null, available: false, loaded: false });

export async function loadSession(): Promise<void> {
  try {
    const s = await editing.session();
    session.editor = s.editor;
    session.available = true;
  } catch {
    session.editor = null;
    session.available = false;
  }
  session.loaded = true;
}

/** Signs in; the error message (in the page's language), or null when signed in. */
export async function signIn(name: string, password: string, lang: Lang = 'zh'): Promise<string | null> {
  try {
    const s = await editing.signIn(name, password);
    session.editor = s.editor;
    return null;
  } catch (e) {
    return e instanceof ApiFailure && e.status === 401 ? t(lang, 'errSignIn') : errorText(lang, e);
  }
}

export async function signOut(): Promise<void> {
  try {
    await editing.signOut();
  } finally {
    session.editor = null;
  }
}
