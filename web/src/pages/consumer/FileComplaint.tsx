import { Result } from 'antd';

export default function Page() {
  return <Result status="info" title="…" />;
}
