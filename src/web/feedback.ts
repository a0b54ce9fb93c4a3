import { useCallback, useMemo, useState } from 'react';
import { App, type FormInstance } from 'antd';
import { ApiError, applyFormErrors, errorText } from './api.ts';

/**
 * antd's message and modal bound to the app's language and theme, plus `error(err, form?)`:
 * puts the server's field details on the form's fields and shows the message on top.
 */
export function useFeedback() {
  const { message, modal, notification } = App.useApp();
  return useMemo(
    () => ({
      message,
      modal,
      notification,
      error(error: unknown, form?: FormInstance): void {
        // A 401 already sent the user to the sign-in page.
        if (error instanceof ApiError && error.status === 401) return;
        if (form) applyFormErrors(form, error);
        void message.error(errorText(error));
      },
    }),
    [message, modal, notification],
  );
}

/**
 * A long request behind a button (a download, an export): `busy` for the button while it runs, an optional loading
 * message until it ends, and a failure shown as a message. `run` resolves to the work's result, or undefined when it
 * failed.
 * @example const [busy, run] = useBusyAction(); <Button loading={busy} onClick={() => void run(() => api.download(), t('exporting'))} />
 */
export function useBusyAction(): [boolean, <T>(work: () => Promise<T>, loading?: string) => Promise<T | undefined>] {
  const feedback = useFeedback();
  const [busy, setBusy] = useState(false);
  const run = useCallback(
    async <T,>(work: () => Promise<T>, loading?: string): Promise<T | undefined> => {
      setBusy(true);
      const hide = loading ? feedback.message.loading(loading, 0) : undefined;
      try {
        return await work();
      } catch (error) {
        feedback.error(error);
        return undefined;
      } finally {
        hide?.();
        setBusy(false);
      }
    },
    [feedback],
  );
  return [busy, run];
}
