import type { Metadata } from "next";
import { headers } from "next/headers";
import type { ReactNode } from "react";
import "./globals.css";
import { Header } from "./_components/Header";

export const metadata: Metadata = {
  title: { default: "hf-trends: framework adoption on the Hugging Face Hub", template: "%s · hf-trends" },
  description: "Which ML framework is winning on the Hugging Face Hub: cohorts, downloads, tasks, across crawls.",
};

// The theme is set before the first paint (no flash): a stored choice, else the system's.
// A constant string: no data from the Hub ever goes into it.
const THEME_SCRIPT = `try{var t=localStorage.getItem("hf-trends-theme");if(t==="light"||t==="dark")document.documentElement.setAttribute("data-theme",t)}catch(e){}`;

export default async function RootLayout({ children }: { children: ReactNode }) {
  // The page's CSP nonce (proxy.ts): reading it makes every page render per request, as nonces need.
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />
      </head>
      <body>
        <Header />
        {children}
      </body>
    </html>
  );
}
