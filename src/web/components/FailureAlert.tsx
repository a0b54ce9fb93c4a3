import type { CSSProperties } from 'react';
import { Alert } from 'antd';
import { ApiError, detailText, errorText } from '../api.ts';

/** A refused request as an error alert: the server's message, then each field it named on a line of its own. */
export function FailureAlert({ failure, style, testId }: { failure: unknown; style?: CSSProperties; testId?: string }) {
  return (
    <Alert
      type="error"
      showIcon
      style={style}
      title={errorText(failure)}
      description={failure instanceof ApiError && failure.details.length > 0 ? failure.details.map((d, i) => <div key={i}>{detailText(d, failure)}</div>) : undefined}
      data-testid={testId}
    />
  );
}
