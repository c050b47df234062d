/** Names of the banks most funds use, by NAPAS BIN; unknown BINs show as the BIN itself. */
const BANKS: Record<string, string> = {
  '970436': 'Vietcombank',
  '970415': 'VietinBank',
  '970418': 'BIDV',
  '970405': 'Agribank',
  '970407': 'Techcombank',
  '970422': 'MB Bank',
  '970416': 'ACB',
  '970432': 'VPBank',
  '970403': 'Sacombank',
  '970423': 'TPBank',
  '970441': 'VIB',
  '970443': 'SHB',
};

export function bankName(bin: string): string {
  return BANKS[bin] ?? `BIN ${bin}`;
}
