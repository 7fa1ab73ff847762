import { CONTRACT_STATUS_LABELS, CONTRACT_STATUSES, INDUSTRIES } from "~/domain/enterprise";
import { CONTACT_ROWS } from "~/domain/enterprise-form";
import { AuthForm } from "./csrf";
import { Field, FormError, type FormFailure } from "./form-bits";
import { OrgOptions } from "~/components/org-options";

export interface EnterpriseFormValues {
  name: string;
  creditCode: string;
  industry: string;
  headcount: number | string;
  womenShare: number | string | null;
  address: string;
  unionOrgId: string;
  contacts: { name: string; role?: string; phone?: string }[];
  unionEstablishedOn: string | null;
  congressEstablished: boolean;
  openAffairs: boolean;
  usesDispatch: boolean;
  contractStatus: string;
  contractValidUntil: string | null;
  designationsText: string;
  version?: number;
}

export const EMPTY_ENTERPRISE: EnterpriseFormValues = {
  name: "",
  creditCode: "",
  industry: "",
  headcount: "",
  womenShare: "",
  address: "",
  unionOrgId: "",
  contacts: [],
  unionEstablishedOn: "",
  congressEstablished: false,
  openAffairs: false,
  usesDispatch: false,
  contractStatus: "none",
  contractValidUntil: "",
  designationsText: "",
};

export function EnterpriseForm({
  values,
  orgs,
  failure,
  submitLabel,
}: {
  values: EnterpriseFormValues;
  orgs: { id: string; name: string; depth: number }[];
  failure?: FormFailure;
  submitLabel: string;
}) {
  return (
    <AuthForm method="post" className="card" noValidate>
      <FormError failure={failure} />
      {values.version !== undefined ? <input type="hidden" name="version" value={values.version} /> : null}
      <h2>基本信息</h2>
      <div className="form-grid">
        <Field label="企业名称" name="name" failure={failure}>
          <input id="name" name="name" defaultValue={values.name} required maxLength={100} />
        </Field>
        <Field label="统一社会信用代码" name="creditCode" failure={failure} hint="18 位，系统会核验校验位">
          <input id="creditCode" name="creditCode" defaultValue={values.creditCode} required maxLength={18} />
        </Field>
        <Field label="行业门类" name="industry" failure={failure}>
          <select id="industry" name="industry" defaultValue={values.industry}>
            <option value="">请选择</option>
            {INDUSTRIES.map((i) => (
              <option key={i.code} value={i.code}>
                {i.code} {i.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label="职工人数" name="headcount" failure={failure}>
          <input id="headcount" name="headcount" defaultValue={values.headcount} inputMode="numeric" />
        </Field>
        <Field label="女职工占比（%）" name="womenShare" failure={failure}>
          <input
            id="womenShare"
            name="womenShare"
            defaultValue={values.womenShare ?? ""}
            inputMode="decimal"
          />
        </Field>
        <Field label="所属工会" name="unionOrgId" failure={failure}>
          <select id="unionOrgId" name="unionOrgId" defaultValue={values.unionOrgId}>
            <option value="">请选择</option>
            <OrgOptions orgs={orgs} />
          </select>
        </Field>
      </div>
      <Field label="地址" name="address" failure={failure}>
        <input id="address" name="address" defaultValue={values.address} maxLength={200} />
      </Field>
      <h2>联系人</h2>
      {Array.from({ length: CONTACT_ROWS }, (_, i) => {
        const c = values.contacts[i];
        return (
          <div className="form-grid" key={i}>
            <Field label={`联系人 ${i + 1}`} name={`contacts.${i}.name`} failure={failure}>
              <input id={`contacts.${i}.name`} name={`contacts.${i}.name`} defaultValue={c?.name ?? ""} />
            </Field>
            <Field label="职务" name={`contacts.${i}.role`} failure={failure}>
              <input id={`contacts.${i}.role`} name={`contacts.${i}.role`} defaultValue={c?.role ?? ""} />
            </Field>
            <Field label="电话" name={`contacts.${i}.phone`} failure={failure}>
              <input id={`contacts.${i}.phone`} name={`contacts.${i}.phone`} defaultValue={c?.phone ?? ""} />
            </Field>
          </div>
        );
      })}
      <h2>劳动关系状况</h2>
      <div className="form-grid">
        <Field label="工会成立日期" name="unionEstablishedOn" failure={failure} hint="未建会请留空">
          <input
            id="unionEstablishedOn"
            name="unionEstablishedOn"
            type="date"
            defaultValue={values.unionEstablishedOn ?? ""}
          />
        </Field>
        <Field label="集体合同状态" name="contractStatus" failure={failure}>
          <select id="contractStatus" name="contractStatus" defaultValue={values.contractStatus}>
            {CONTRACT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {CONTRACT_STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </Field>
        <Field label="集体合同有效期至" name="contractValidUntil" failure={failure}>
          <input
            id="contractValidUntil"
            name="contractValidUntil"
            type="date"
            defaultValue={values.contractValidUntil ?? ""}
          />
        </Field>
        <Field
          label="和谐企业称号"
          name="harmoniousDesignations"
          failure={failure}
          hint="如 2024区级;2025市级"
        >
          <input
            id="harmoniousDesignations"
            name="harmoniousDesignations"
            defaultValue={values.designationsText}
          />
        </Field>
      </div>
      <div className="field">
        <label>
          <input type="checkbox" name="congressEstablished" defaultChecked={values.congressEstablished} />{" "}
          已建立职工代表大会制度
        </label>
        <label>
          <input type="checkbox" name="openAffairs" defaultChecked={values.openAffairs} /> 已实行厂务公开
        </label>
        <label>
          <input type="checkbox" name="usesDispatch" defaultChecked={values.usesDispatch} /> 使用劳务派遣用工
        </label>
      </div>
      <button type="submit">{submitLabel}</button>
    </AuthForm>
  );
}
