import { useState } from 'react';
import { Form, Modal, TreeSelect, Typography } from 'antd';
import { useMessages } from '../../../web/i18n.ts';
import { unitTreeOptions, useUnitDirectory } from '../../org/ui/index.ts';
import { planMessages } from './plans.messages.ts';

/**
 * Sending a plan out for consultation (征求意见): the drafting office picks the units asked. Only they (besides the
 * owner's side and the supervisors) read the draft and comment on it while it is out.
 */
export function ConsultModal({ open, title, initial, onCancel, onSend }: { open: boolean; title: string; initial: string[]; onCancel: () => void; onSend: (unitIds: string[]) => Promise<void> }) {
  const t = useMessages(planMessages);
  const units = useUnitDirectory();
  const [picked, setPicked] = useState<string[]>(initial);
  const [sending, setSending] = useState(false);
  const send = async () => {
    setSending(true);
    try {
      await onSend(picked);
    } finally {
      setSending(false);
    }
  };
  return (
    <Modal
      open={open}
      title={t('consult.title')}
      okText={t('consult.send')}
      okButtonProps={{ disabled: picked.length === 0, loading: sending, 'data-testid': 'consult-send' }}
      onOk={() => void send()}
      onCancel={onCancel}
      destroyOnHidden
    >
      <Typography.Paragraph>{t('consult.intro', { title })}</Typography.Paragraph>
      <Form layout="vertical">
        <Form.Item label={t('consult.units')} required>
          <TreeSelect
            data-testid="consult-units"
            multiple
            showSearch
            treeNodeFilterProp="title"
            treeDefaultExpandAll
            loading={units.isPending}
            value={picked}
            onChange={(v: string[]) => setPicked(v)}
            treeData={unitTreeOptions(units.tree, (u) => !u.active)}
            placeholder={t('consult.placeholder')}
            style={{ width: '100%' }}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
