import { useState } from 'react';
import { Alert, Form, Input, Modal } from 'antd';
import { api } from '../api.ts';
import { useT } from '../i18n.ts';
import { useFeedback } from '../feedback.ts';
import { useSession } from '../session.tsx';

interface PasswordForm {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

/** Changes the signed-in user's own password; `forced` after an administrator reset it (cannot be dismissed). */
export function ChangePasswordModal({ open, forced, onClose }: { open: boolean; forced: boolean; onClose: () => void }) {
  const t = useT();
  const feedback = useFeedback();
  const { refresh } = useSession();
  const [form] = Form.useForm<PasswordForm>();
  const [saving, setSaving] = useState(false);

  const submit = async (values: PasswordForm) => {
    setSaving(true);
    try {
      await api.post('/api/auth/password', { currentPassword: values.currentPassword, newPassword: values.newPassword });
      void feedback.message.success(t('password.changed'));
      form.resetFields();
      onClose();
      if (forced) await refresh();
    } catch (error) {
      feedback.error(error, form);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('password.title')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={saving}
      closable={!forced}
      mask={{ closable: !forced }}
      cancelButtonProps={{ style: forced ? { display: 'none' } : undefined }}
      destroyOnHidden
    >
      {forced ? <Alert type="warning" showIcon title={t('password.mustChange')} style={{ marginBottom: 16 }} /> : null}
      <Form form={form} layout="vertical" onFinish={submit} autoComplete="off" preserve={false}>
        <Form.Item name="currentPassword" label={t('password.current')} rules={[{ required: true, message: t('password.required') }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={t('password.new')}
          extra={t('password.hint')}
          rules={[{ required: true, message: t('password.required') }]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('password.confirm')}
          dependencies={['newPassword']}
          rules={[
            { required: true, message: t('password.required') },
            ({ getFieldValue }) => ({
              validator: (_, value) =>
                !value || getFieldValue('newPassword') === value ? Promise.resolve() : Promise.reject(new Error(t('password.mismatch'))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
