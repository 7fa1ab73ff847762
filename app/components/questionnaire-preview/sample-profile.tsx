import { INDUSTRIES } from "~/domain/enterprise";
import type { EnterpriseProfile } from "~/domain/health-check/types";

/** A typical manufacturer with a union and a workers' congress, no dispatched workers. */
export const SAMPLE_PROFILE: EnterpriseProfile = {
  industry: "C",
  headcount: 120,
  womenShare: 40,
  unionEstablished: true,
  congressEstablished: true,
  usesDispatch: false,
};

const FLAGS = [
  { key: "unionEstablished", label: "已建立工会" },
  { key: "congressEstablished", label: "已建立职代会" },
  { key: "usesDispatch", label: "使用劳务派遣" },
] as const;

/** The enterprise facts visibility conditions read, for the admin to try the questionnaire with. */
export function SampleProfileForm({
  profile,
  onChange,
}: {
  profile: EnterpriseProfile;
  onChange: (profile: EnterpriseProfile) => void;
}) {
  const number = (text: string) =>
    text.trim() === "" || !Number.isFinite(Number(text)) ? null : Number(text);
  return (
    <div className="qp-profile" data-testid="sample-profile">
      <div className="field">
        <label htmlFor="qp-industry">行业门类</label>
        <select
          id="qp-industry"
          value={profile.industry}
          onChange={(e) => onChange({ ...profile, industry: e.target.value })}
        >
          {INDUSTRIES.map((i) => (
            <option key={i.code} value={i.code}>
              {i.code} {i.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="qp-headcount">职工人数</label>
        <input
          id="qp-headcount"
          type="number"
          min={0}
          step={1}
          value={profile.headcount}
          onChange={(e) => onChange({ ...profile, headcount: number(e.target.value) ?? 0 })}
        />
      </div>
      <div className="field">
        <label htmlFor="qp-women">女职工占比（%）</label>
        <input
          id="qp-women"
          type="number"
          min={0}
          max={100}
          value={profile.womenShare ?? ""}
          onChange={(e) => onChange({ ...profile, womenShare: number(e.target.value) })}
        />
      </div>
      <div className="qp-flags">
        {FLAGS.map((f) => (
          <label key={f.key} className="qp-choice">
            <input
              type="checkbox"
              name={f.key}
              checked={profile[f.key]}
              onChange={(e) => onChange({ ...profile, [f.key]: e.target.checked })}
            />
            {f.label}
          </label>
        ))}
      </div>
    </div>
  );
}
