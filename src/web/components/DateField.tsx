import { DatePicker } from 'antd';
import type { CSSProperties } from 'react';
import dayjs, { type Dayjs } from 'dayjs';
// The calendar's month and weekday names in Chinese when antd's locale (ConfigProvider, set in Root) is zh_CN.
import 'dayjs/locale/zh-cn';

/** The format of every date the API takes and returns. */
const ISO = 'YYYY-MM-DD';
/** What a user may type besides it (2026/12/31, 2026.12.31, 20261231); the field shows it back as YYYY-MM-DD. */
const TYPED = [ISO, 'YYYY/MM/DD', 'YYYY.MM.DD', 'YYYYMMDD', 'YYYY/M/D', 'YYYY-M-D'];

/** Props of {@link DateField}: the value as the API writes it, 2026-12-05, or empty. */
export interface DateFieldProps {
  value?: string | null;
  onChange?: (value: string | undefined) => void;
  style?: CSSProperties;
  placeholder?: string;
  allowClear?: boolean;
  disabled?: boolean;
  id?: string;
  'aria-label'?: string;
  'data-testid'?: string;
}

/**
 * A date input that shows and takes dates as YYYY-MM-DD in whatever language the browser speaks, its calendar in the
 * app's language (antd's ConfigProvider and dayjs's locale, set in Root), and that hands the API its YYYY-MM-DD string.
 * A native `<input type="date">` would follow the browser's language instead (12/05/2026 in an English Chrome).
 * Works inside a Form.Item, whose `value`/`onChange` it takes.
 * @example <Form.Item name="replyDue"><DateField /></Form.Item>
 */
export function DateField({ value, onChange, style, placeholder, allowClear = true, disabled, id, ...aria }: DateFieldProps) {
  const day = value && /^\d{4}-\d{2}-\d{2}$/.test(value) ? dayjs(value) : null;
  return (
    <DatePicker
      id={id}
      value={day?.isValid() ? day : null}
      format={TYPED}
      onChange={(d: Dayjs | null) => onChange?.(d ? d.format(ISO) : undefined)}
      style={style}
      placeholder={placeholder ?? ISO}
      allowClear={allowClear}
      disabled={disabled}
      {...aria}
    />
  );
}
