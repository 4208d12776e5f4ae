// Opening a record by its number (a claim, a deployment) where no list leads to it: the number is read first, so a
// wrong one shows the API's problem beside the field instead of an empty page.
import { call } from '../../api/client.ts';
import { t } from '../../i18n/index.ts';
import { navigate } from '../../router.ts';
import { TextField } from '../../ui/fields.tsx';
import { Form } from '../../ui/Form.tsx';
import { useForm, type Values } from '../../ui/form.ts';

export function OpenByNumber({ label: what, hint, path, href }: { label: string; hint?: string; path(id: string): string; href(id: string): string }) {
  const form = useForm<Values>({ id: '' });
  return (
    <Form
      form={form}
      submitLabel={t('action.open')}
      onSubmit={async (v) => {
        const id = String(v['id']).trim();
        await call('GET', path(id));
        navigate(href(id));
      }}
    >
      <TextField name="id" label={what} required autoComplete="off" {...(hint ? { hint } : {})} />
    </Form>
  );
}
