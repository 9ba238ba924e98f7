import type { SessionAnswer } from '@nianbao/shared';
import { editing, errorMessage } from './api.ts';

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

/** Signs in; the error message, or null when signed in. */
export async function signIn(name: string, password: string): Promise<string | null> {
  try {
    const s = await editing.signIn(name, password);
    session.editor = s.editor;
    return null;
  } catch (e) {
    return errorMessage(e);
  }
}

export async function signOut(): Promise<void> {
  try {
    await editing.signOut();
  } finally {
    session.editor = null;
  }
}
