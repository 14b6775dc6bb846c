/**
 * Jurisdiction and cost tables. The organisation's country is inferred from the country-code
 * TLD of the account's e-mail domain; it drives the "usual location" baseline when the
 * detector gives none, and which personal-data law applies.
 */

/** A country an account domain can place the organisation in. */
export interface Jurisdiction {
  country: string;
  /** Lower-case names and codes a location cell may use for this country. */
  aliases: readonly string[];
  /** The personal-data law that applies there. */
  privacyLaw: 'GDPR' | 'UK GDPR' | 'PDPA';
}

const eu = (country: string, ...aliases: string[]): Jurisdiction => ({
  country,
  aliases: [country.toLowerCase(), ...aliases],
  privacyLaw: 'GDPR',
});

/** ccTLD → jurisdiction; only countries whose law the compliance table knows. */
export const JURISDICTIONS: Readonly<Record<string, Jurisdiction>> = {
  sg: { country: 'Singapore', aliases: ['singapore', 'sg', 'sgp'], privacyLaw: 'PDPA' },
  my: { country: 'Malaysia', aliases: ['malaysia', 'my', 'mys'], privacyLaw: 'PDPA' },
  th: { country: 'Thailand', aliases: ['thailand', 'th', 'tha'], privacyLaw: 'PDPA' },
  uk: {
    country: 'United Kingdom',
    aliases: ['united kingdom', 'uk', 'gb', 'gbr', 'england', 'scotland', 'wales', 'great britain'],
    privacyLaw: 'UK GDPR',
  },
  de: eu('Germany', 'de', 'deu', 'deutschland'),
  fr: eu('France', 'fr', 'fra'),
  nl: eu('Netherlands', 'nl', 'nld', 'the netherlands', 'holland'),
  ie: eu('Ireland', 'ie', 'irl'),
  it: eu('Italy', 'it', 'ita', 'italia'),
  es: eu('Spain', 'es', 'esp', 'españa'),
  be: eu('Belgium', 'be', 'bel'),
  at: eu('Austria', 'at', 'aut'),
  se: eu('Sweden', 'se', 'swe'),
  dk: eu('Denmark', 'dk', 'dnk'),
  fi: eu('Finland', 'fi', 'fin'),
  pt: eu('Portugal', 'pt', 'prt'),
  pl: eu('Poland', 'pl', 'pol'),
};

/** Laws listed when personal data is involved but the organisation's country is unknown. */
export const DEFAULT_PRIVACY_LAWS = ['GDPR', 'PDPA'] as const;

/** Maximum-penalty summaries per compliance regime, for `impact.regulatory_fine_risk`. */
export const FINE_RISK: Readonly<Record<string, string>> = {
  GDPR: 'GDPR: up to €20M or 4% of global annual turnover',
  'UK GDPR': 'UK GDPR: up to £17.5M or 4% of global annual turnover',
  PDPA: 'PDPA: up to S$1M or 10% of annual local turnover (Singapore)',
  HIPAA: 'HIPAA: civil penalties up to ~$2.1M per violation category per year',
  'PCI DSS': 'PCI DSS: card-brand fines of $5,000–$100,000 per month of non-compliance',
};

/** Average breach cost per record (USD), IBM Cost of a Data Breach 2023. */
export const COST_PER_RECORD_USD = 165;
