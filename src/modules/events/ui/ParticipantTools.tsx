import { useEffect, useMemo, useRef, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Checkbox, Form, Select, Space, Typography, type FormInstance } from 'antd';
import { CameraOutlined } from '@ant-design/icons';
import { useLocale, useMessages } from '../../../web/i18n.ts';
import { eventMessages } from './events.messages.ts';
import { eventsApi, type ChainChoice, type EventDetail, type LinkChain } from './events.api.ts';

type T = ReturnType<typeof useMessages<typeof eventMessages>>;

/**
 * A participant's availability: one box per slot, ticked for the slots it can attend (the scheduler places its
 * meetings only there); saved as a whole, at least one slot.
 */
export function AvailabilityEditor({ d, t, participantId, save }: { d: EventDetail; t: T; participantId: string; save: (slotIds: string[]) => Promise<boolean> }) {
  const me = d.participants.find((p) => p.id === participantId);
  const [ticked, setTicked] = useState<string[]>(me?.available_slot_ids ?? []);
  const [saved, setSaved] = useState<number | null>(null);
  useEffect(() => setTicked(me?.available_slot_ids ?? []), [me?.available_slot_ids]);
  const all = d.slots.map((s) => s.id);
  return (
    <Card size="small" title={t('avail.title')} data-testid="availability">
      <Typography.Paragraph type="secondary">{t('avail.hint')}</Typography.Paragraph>
      <Checkbox
        indeterminate={ticked.length > 0 && ticked.length < all.length}
        checked={ticked.length === all.length}
        onChange={(e) => setTicked(e.target.checked ? all : [])}
        style={{ marginBottom: 8 }}
      >
        {t('avail.all')}
      </Checkbox>
      <Checkbox.Group value={ticked} onChange={(v) => setTicked(v as string[])} style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}>
        {d.slots.map((s) => (
          <Checkbox key={s.id} value={s.id} data-testid={`slot-${s.position}`}>
            {s.label}
          </Checkbox>
        ))}
      </Checkbox.Group>
      <Space style={{ marginTop: 12 }}>
        <Button
          type="primary"
          disabled={ticked.length === 0}
          onClick={() => void save(all.filter((x) => ticked.includes(x))).then((ok) => setSaved(ok ? ticked.length : null))}
          data-testid="availability-save"
        >
          {t('avail.save')}
        </Button>
        {ticked.length === 0 && <Typography.Text type="danger">{t('avail.none')}</Typography.Text>}
        {saved !== null && <Typography.Text type="success" data-testid="availability-saved">{t('avail.saved', { n: saved })}</Typography.Text>}
      </Space>
    </Card>
  );
}

/** How closely a chain's keeper region fits the event's: shared, the province's adaptation, the region's own (as the server picks). */
const fit = (keeper: string, region: string) => (keeper === region ? 2 : keeper === region.slice(0, 2) + '0000' ? 1 : keeper === '000000' ? 0 : -1);

/**
 * The chain and segment of an offer, a need or an outcome, picked from the atlas's chains the event's region uses (by
 * their exchange key; the region's own adaptation over the shared definition, as the server checks them) and the
 * chosen chain's segments; the segment is cleared when the chain changes. Names in the page's language.
 */
export function ChainSegmentFields({ form, t, region, labels, testId = 'offer', source }: { form: FormInstance; t: T; region: string; labels?: boolean; testId?: string; source?: () => Promise<LinkChain[]> }) {
  // Without an account the atlas is closed: a personal link's page gives the event region's chains with their segments in one list.
  const chains = useQuery<(ChainChoice | LinkChain)[]>({ queryKey: source ? ['link-chains'] : ['atlas-chains'], queryFn: () => (source ? source() : eventsApi.chains()), staleTime: 300_000 });
  const en = useLocale() !== 'zh-CN';
  const chainKey = Form.useWatch('chainKey', form) as string | undefined;
  const byKey = useMemo(() => {
    const out = new Map<string, ChainChoice | LinkChain>();
    for (const c of chains.data ?? []) {
      if (!('regionCode' in c)) {
        out.set(c.key, c);
        continue;
      }
      const f = fit(c.regionCode, region);
      const had = out.get(c.key);
      if (f >= 0 && (!had || !('regionCode' in had) || f > fit(had.regionCode, region))) out.set(c.key, c);
    }
    return out;
  }, [chains.data, region]);
  const picked = chainKey ? byKey.get(chainKey) : undefined;
  const chainId = picked && 'id' in picked ? picked.id : undefined;
  const fetched = useQuery({ queryKey: ['atlas-chain', chainId], queryFn: () => eventsApi.chain(chainId!), enabled: Boolean(chainId), staleTime: 300_000 });
  const detail = picked && 'segments' in picked ? { data: picked, isLoading: false } : fetched;
  const nameOf = (x: { name: string; nameEn?: string | null }) => (en ? (x.nameEn ?? x.name) : x.name);
  return (
    <>
      <Form.Item name="chainKey" label={labels ? t('o.chain') : undefined}>
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          style={{ width: 180 }}
          placeholder={t('o.chainPick')}
          loading={chains.isLoading}
          notFoundContent={chains.isError ? t('o.chainsFailed') : undefined}
          options={[...byKey.values()].map((c) => ({ value: c.key, label: nameOf(c) }))}
          onChange={() => form.setFieldValue('segmentKey', undefined)}
          data-testid={`${testId}-chain`}
        />
      </Form.Item>
      <Form.Item name="segmentKey" label={labels ? t('o.segment') : undefined}>
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          style={{ width: 200 }}
          placeholder={t('o.segmentPick')}
          disabled={!chainKey}
          loading={detail.isLoading && Boolean(chainId)}
          options={(detail.data?.segments ?? []).map((s) => ({ value: s.key, label: nameOf(s) }))}
          data-testid={`${testId}-segment`}
        />
      </Form.Item>
    </>
  );
}

/** A ledger task picked by number or title among those the organiser may see (the outcome's project goes under it). */
export function TaskPicker({ eventId, t, value, onChange }: { eventId: string; t: T; value?: string | null; onChange?: (v: string | null) => void }) {
  const [q, setQ] = useState('');
  const [debounced, setDebounced] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(q), 250);
    return () => clearTimeout(timer);
  }, [q]);
  const found = useQuery({ queryKey: ['event-task-choices', eventId, debounced], queryFn: () => eventsApi.taskChoices(eventId, debounced) });
  return (
    <Select
      allowClear
      showSearch
      filterOption={false}
      value={value ?? undefined}
      onChange={(v) => onChange?.((v as string | undefined) ?? null)}
      onSearch={setQ}
      placeholder={t('out.taskSearch')}
      loading={found.isFetching}
      notFoundContent={found.isFetching ? null : t('out.taskNone')}
      options={(found.data?.tasks ?? []).map((x) => ({ value: x.id, label: t('out.taskOption', { seq: x.seq, title: x.title, plan: x.plan_title }) }))}
      data-testid="outcome-task"
    />
  );
}

/** The browser's own QR decoder (Chromium, Safari 17+); not in TypeScript's DOM types yet. */
interface BarcodeDetectorLike {
  detect(source: HTMLVideoElement): Promise<{ rawValue: string }[]>;
}
type BarcodeDetectorClass = new (opts: { formats: string[] }) => BarcodeDetectorLike;
const detectorClass = (): BarcodeDetectorClass | null => (globalThis as { BarcodeDetector?: BarcodeDetectorClass }).BarcodeDetector ?? null;

/**
 * Check-in by camera: reads the QR code on a participant's agenda with the browser's BarcodeDetector and hands each
 * new code to `onCode` (the same code again only after three seconds). Browsers without it (Firefox) say so, and the
 * typed code stays the way in.
 */
export function QrScanner({ t, onCode }: { t: T; onCode: (code: string) => void }) {
  const video = useRef<HTMLVideoElement>(null);
  const [on, setOn] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const supported = Boolean(detectorClass() && typeof navigator !== 'undefined' && navigator.mediaDevices?.getUserMedia);
  const handler = useRef(onCode);
  handler.current = onCode;
  useEffect(() => {
    if (!on) return;
    let stopped = false;
    let stream: MediaStream | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let last = { code: '', at: 0 };
    void (async () => {
      try {
        const Detector = detectorClass()!;
        const detector = new Detector({ formats: ['qr_code'] });
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } });
        if (stopped) return;
        video.current!.srcObject = stream;
        await video.current!.play();
        const tick = async () => {
          if (stopped) return;
          try {
            const code = (await detector.detect(video.current!))[0]?.rawValue?.trim();
            const now = performance.now();
            if (code && (code !== last.code || now - last.at > 3000)) {
              last = { code, at: now };
              handler.current(code);
            }
          } catch {
            // A frame that cannot be read yet (the video still starting): try the next one.
          }
          timer = setTimeout(() => void tick(), 300);
        };
        void tick();
      } catch (e) {
        setProblem(t('scan.denied', { why: e instanceof Error ? e.message : String(e) }));
        setOn(false);
      }
    })();
    return () => {
      stopped = true;
      clearTimeout(timer);
      stream?.getTracks().forEach((track) => track.stop());
    };
  }, [on, t]);
  if (!supported) return <Alert type="info" title={t('scan.unsupported')} data-testid="scan-unsupported" style={{ marginBottom: 12 }} />;
  return (
    <div style={{ marginBottom: 12 }}>
      <Button icon={<CameraOutlined />} onClick={() => { setProblem(null); setOn(!on); }} data-testid="scan-toggle">
        {t(on ? 'scan.stop' : 'scan.start')}
      </Button>
      {on && (
        <div style={{ marginTop: 8 }}>
          <Typography.Paragraph type="secondary">{t('scan.hint')}</Typography.Paragraph>
          <video ref={video} muted playsInline style={{ width: '100%', maxWidth: 360, background: '#000' }} />
        </div>
      )}
      {problem && <Alert type="warning" title={problem} style={{ marginTop: 8 }} />}
    </div>
  );
}
