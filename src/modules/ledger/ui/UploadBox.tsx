import { useCallback, useState, type ReactNode } from 'react';
import { Flex, Progress, Spin, Typography, Upload } from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import { useMessages } from '../../../web/i18n.ts';
import { useMe } from '../../../web/session.tsx';
import { planMessages } from './plans.messages.ts';
import { uploadFile } from '../../../web/files.ts';

/** An upload in progress: the file's name and the share sent (1 = sent, the server is working). */
export interface UploadProgress {
  name: string;
  sent: number;
}

/** Sends a file to the API while tracking its progress for {@link UploadBox}. */
export function useUpload() {
  const me = useMe();
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const send = useCallback(
    async <T,>(path: string, file: File, query?: Record<string, string | number | boolean | undefined>): Promise<T> => {
      setProgress({ name: file.name, sent: 0 });
      try {
        return await uploadFile<T>(path, file, { csrfToken: me.csrfToken, query, onProgress: (sent) => setProgress({ name: file.name, sent }) });
      } finally {
        setProgress(null);
      }
    },
    [me.csrfToken],
  );
  return { progress, send };
}

/**
 * A drop zone for one file; while a file is on its way it shows a bar, and then a spinner while the server reads it.
 * Files whose names do not end in one of `accept`'s extensions are refused here, before anything is sent.
 */
export function UploadBox(props: { accept: string[]; title: ReactNode; hint: ReactNode; progress: UploadProgress | null; onFile: (file: File) => void; onRefused: (name: string) => void; testId?: string }) {
  const { accept, title, hint, progress, onFile, onRefused, testId } = props;
  const t = useMessages(planMessages);
  if (progress) {
    const sending = progress.sent < 1;
    return (
      <Flex vertical align="center" gap={12} style={{ padding: '32px 16px' }} data-testid="upload-progress">
        {sending ? <Progress percent={Math.round(progress.sent * 100)} status="active" style={{ maxWidth: 360, width: '100%' }} /> : <Spin size="large" />}
        <Typography.Text>{t(sending ? 'upload.sending' : 'upload.working', { name: progress.name })}</Typography.Text>
      </Flex>
    );
  }
  return (
    <div data-testid={testId}>
      <Upload.Dragger
      accept={accept.join(',')}
      multiple={false}
      showUploadList={false}
      beforeUpload={(file) => {
        const ok = accept.some((ext) => file.name.toLowerCase().endsWith(ext));
        if (ok) onFile(file);
        else onRefused(file.name);
        return false;
      }}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{title}</p>
        <p className="ant-upload-hint">{hint}</p>
      </Upload.Dragger>
    </div>
  );
}
