import { useMemo } from 'react';
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
