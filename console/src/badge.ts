import { statusFamily } from './status';

export function badge(status: string | null, attributes: Record<string, string> = {}): HTMLSpanElement {
  const element = document.createElement('span');
  element.className = `badge badge-${statusFamily(status)}`;
  element.textContent = status ?? 'deleted';
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  return element;
}
