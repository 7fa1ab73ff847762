import { parseDesignations } from "./enterprise";

export const CONTACT_ROWS = 3;

/**
 * Turns the enterprise form's fields into the raw object EnterpriseInputSchema validates. Checkboxes
 * become booleans (absent = false); contact rows left blank are dropped; designations are typed as
 * "2024区级;2025市级" and any part that cannot be read is returned as an error.
 */
export function enterpriseFormToRaw(form: FormData) {
  const text = (key: string) => String(form.get(key) ?? "");
  const contacts = [];
  for (let i = 0; i < CONTACT_ROWS; i++) {
    const row = {
      name: text(`contacts.${i}.name`),
      role: text(`contacts.${i}.role`),
      phone: text(`contacts.${i}.phone`),
    };
    if (row.name.trim() || row.role.trim() || row.phone.trim()) contacts.push(row);
  }
  const { designations, unreadable } = parseDesignations(text("harmoniousDesignations"));
  return {
    raw: {
      name: text("name"),
      creditCode: text("creditCode"),
      industry: text("industry"),
      headcount: text("headcount"),
      womenShare: text("womenShare"),
      address: text("address"),
      unionOrgId: text("unionOrgId"),
      contacts,
      unionEstablishedOn: text("unionEstablishedOn"),
      congressEstablished: form.get("congressEstablished") === "on",
      openAffairs: form.get("openAffairs") === "on",
      usesDispatch: form.get("usesDispatch") === "on",
      contractStatus: text("contractStatus"),
      contractValidUntil: text("contractValidUntil"),
      harmoniousDesignations: designations,
    },
    designationError: unreadable.length
      ? `无法识别：${unreadable.join("、")}（格式如 2024区级;2025市级）`
      : undefined,
  };
}
