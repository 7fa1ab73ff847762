import type { MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "关于 · 工会协商通" }];

/**
 * 关于本平台: a constant page through the root layout, open to everyone. `bench/pages.ts` also uses it as
 * the floor every page is measured against (same layout, same session read, no page data).
 */
export default function About() {
  return (
    <div className="card" data-testid="about">
      <h1>关于工会协商通</h1>
      <p>
        工会协商通是面向各级工会的服务平台：工会指导员据此开展培育助推（一企一策），企业人力资源负责人完成法律体检并落实法律处方，
        职工代表参与集体合同草案的逐条审议和职代会表决。
      </p>
      <p className="hint">
        平台所引法律法规条文以国家正式公布的文本为准；体检结果和法律处方是工会的指导意见，不构成行政执法决定。
      </p>
    </div>
  );
}
