import { type MouseEvent, type ReactNode, useEffect, useState } from 'react';

// A few routes need no router library: history API plus a popstate listener.
const listeners = new Set<() => void>();

export function navigate(path: string): void {
  if (path === location.pathname + location.search) return;
  history.pushState(null, '', path);
  listeners.forEach((listener) => listener());
  window.scrollTo(0, 0);
}

export function useLocation(): { path: string; query: URLSearchParams } {
  const [, setVersion] = useState(0);
  useEffect(() => {
    const update = () => setVersion((v) => v + 1);
    listeners.add(update);
    window.addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      window.removeEventListener('popstate', update);
    };
  }, []);
  return { path: location.pathname, query: new URLSearchParams(location.search) };
}

export function Link({
  to,
  children,
  className,
  ...rest
}: {
  to: string;
  children: ReactNode;
  className?: string;
  'aria-current'?: 'page' | undefined;
}) {
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  return (
    <a href={to} onClick={onClick} className={className} {...rest}>
      {children}
    </a>
  );
}

/**
 * A page's own tab title ("处理笺 临市民函〔2024〕89号 · Cascade 公文督办"), which wins over its heading
 * (useTitleFromHeading names the pages that do not call this).
 */
export function useTitle(title: string): void {
  useEffect(() => {
    document.body.dataset.pageTitle = title;
    document.title = pageTitle(title);
    return () => {
      delete document.body.dataset.pageTitle;
    };
  }, [title]);
}

/** "标题 · Cascade 公文督办", or the product's name alone. */
export function pageTitle(name: string | undefined, appName = 'Cascade 公文督办'): string {
  return name ? `${name} · ${appName}` : appName;
}
