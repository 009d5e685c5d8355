// Fictional people, places and devices the seeded org is made of.

export const FIRST_NAMES = [
  "Ada", "Bruno", "Chiara", "Dmitri", "Elena", "Farid", "Greta", "Hiro", "Ines", "Jonas", "Kira", "Lars", "Maya", "Nikhil",
  "Olga", "Pablo", "Quinn", "Rosa", "Samir", "Tessa", "Umar", "Vera", "Wes", "Ximena", "Yusuf", "Zoe", "Aaron", "Bianca",
  "Caleb", "Dalia", "Emil", "Fiona", "Gustav", "Hana", "Ivan", "Julia", "Kofi", "Lena", "Marco", "Nora", "Oscar", "Priya",
] as const;

export const LAST_NAMES = [
  "Lovelace", "Moretti", "Rossi", "Volkov", "Garcia", "Haddad", "Lindqvist", "Tanaka", "Ferreira", "Becker", "Novak",
  "Nilsson", "Patel", "Sharma", "Ivanova", "Ortega", "Fletcher", "Delgado", "Khan", "Whitaker", "Farouk", "Petrova",
  "Holloway", "Reyes", "Demir", "Fischer", "Brooks", "Conti", "Mendes", "Aziz", "Larsen", "O'Neill", "Berg", "Sato",
  "Kowalski", "Schmidt", "Mensah", "Vogel", "Bianchi", "Walsh", "Keller", "Iyer",
] as const;

export const DEPARTMENTS: Record<string, readonly string[]> = {
  Engineering: ["Software Engineer", "Senior Software Engineer", "Engineering Manager", "Site Reliability Engineer"],
  Sales: ["Account Executive", "Sales Manager", "Sales Engineer"],
  Marketing: ["Marketing Manager", "Content Strategist", "Product Marketing Manager"],
  Finance: ["Financial Analyst", "Controller", "Accounts Payable Specialist"],
  HR: ["HR Business Partner", "Recruiter"],
  IT: ["Systems Engineer", "Help Desk Technician", "IT Administrator"],
  Support: ["Support Engineer", "Support Lead"],
};

export const CITIES = [
  { city: "San Francisco", state: "California", country: "United States", countryCode: "US", postalCode: "94107", lat: 37.7697, lon: -122.3933, timezone: "America/Los_Angeles" },
  { city: "New York", state: "New York", country: "United States", countryCode: "US", postalCode: "10001", lat: 40.7506, lon: -73.9972, timezone: "America/New_York" },
  { city: "Austin", state: "Texas", country: "United States", countryCode: "US", postalCode: "78701", lat: 30.2711, lon: -97.7437, timezone: "America/Chicago" },
  { city: "London", state: "England", country: "United Kingdom", countryCode: "GB", postalCode: "EC1A", lat: 51.5164, lon: -0.093, timezone: "Europe/London" },
  { city: "Berlin", state: "Land Berlin", country: "Germany", countryCode: "DE", postalCode: "10115", lat: 52.5323, lon: 13.3846, timezone: "Europe/Berlin" },
] as const;

export const USER_AGENTS = [
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
] as const;

/** Documentation address ranges (RFC 5737): realistic-looking, never routable. */
export const IP_PREFIXES = ["198.51.100.", "203.0.113.", "192.0.2."] as const;

export const EMAIL_DOMAIN = "example.com";
export const ORG_NAME = "Acme Sandbox";
