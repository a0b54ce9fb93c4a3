import { useNavigate } from 'react-router';
import { Card } from 'antd';
import { useMessages } from '../../../web/i18n.ts';
import { PageHeader } from '../../../web/components/PageHeader.tsx';
import { taskMessages } from './tasks.messages.ts';
import { TaskTableImport } from './TaskTableImport.tsx';
import { useInvalidatePlans } from './plans.queries.ts';

/** Imports a task-division table as a new task list: preview, confirm, then the plan's tasks. */
export default function TaskTableImportPage() {
  const t = useMessages(taskMessages);
  const navigate = useNavigate();
  const invalidatePlans = useInvalidatePlans();
  return (
    <>
      <PageHeader title={t('importTable.title')} />
      <Card size="small">
        <TaskTableImport
          onImported={(result) => {
            void invalidatePlans();
            navigate(`/plans/${result.planId}?tab=tasks`);
          }}
        />
      </Card>
    </>
  );
}
