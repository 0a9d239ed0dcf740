/** Phone numbers never appear whole in logs. */

/** `919876504321` → `91******4321`: keeps the first two and last four digits. */
export function maskPhone(phone: string): string {
  if (phone.length <= 6) return '*'.repeat(phone.length);
  return phone.slice(0, 2) + '*'.repeat(phone.length - 6) + phone.slice(-4);
}
