// The ELF organisation of elf-contract.md §4, seeded into an empty database on first start.
export interface SeedMember {
  role: string;
  isManager?: boolean;
  skills: string[];
  responsibilities: string[];
}

export interface SeedTeam {
  name: string;
  displayName: string;
  department: string;
  placement: string;
  purpose: string;
  framework: "CrewAI" | "LangGraph";
  isTopLevel: boolean;
  enableChat: boolean;
  chatConfig: Record<string, unknown>;
  /** A team slug, or an executive title such as "Chief Technology Officer". */
  reportsTo?: { type: "team" | "executive"; name: string };
  members: SeedMember[];
}

const DEPARTMENT_HEAD_CHAT = { max_session_duration_minutes: 45, max_messages_per_session: 50 };

const manager = (role: string, skills: string[], responsibilities: string[]): SeedMember => ({
  role,
  isManager: true,
  skills,
  responsibilities,
});

export const SEED_TEAMS: SeedTeam[] = [
  {
    name: "executive-team",
    displayName: "Executive Leadership Team",
    department: "executive",
    placement: "executive",
    purpose:
      "Sets company strategy, allocates work across departments and makes cross-team decisions.",
    framework: "CrewAI",
    isTopLevel: true,
    enableChat: true,
    chatConfig: { max_session_duration_minutes: 60, max_messages_per_session: 100 },
    members: [
      manager(
        "Chief Executive Officer",
        ["strategy", "leadership", "prioritisation"],
        ["Company direction", "Cross-team delegation"],
      ),
      {
        role: "Chief Technology Officer",
        skills: ["architecture", "engineering", "technology"],
        responsibilities: ["Technology strategy", "Engineering oversight"],
      },
      {
        role: "Chief Marketing Officer",
        skills: ["marketing", "brand", "growth"],
        responsibilities: ["Brand and demand generation"],
      },
      {
        role: "Chief Operating Officer",
        skills: ["operations", "process", "logistics"],
        responsibilities: ["Day-to-day operations"],
      },
      {
        role: "Chief Financial Officer",
        skills: ["finance", "budgeting", "forecasting"],
        responsibilities: ["Financial planning", "Budgets"],
      },
    ],
  },
  {
    name: "engineering-team",
    displayName: "Engineering",
    department: "engineering",
    placement: "engineering",
    purpose:
      "Designs, builds and operates the software: backend services, APIs, infrastructure and releases.",
    framework: "LangGraph",
    isTopLevel: true,
    enableChat: true,
    chatConfig: DEPARTMENT_HEAD_CHAT,
    reportsTo: { type: "executive", name: "Chief Technology Officer" },
    members: [
      manager(
        "Engineering Manager",
        ["engineering", "planning", "code review"],
        ["Delivery", "Technical planning"],
      ),
      {
        role: "Backend Developer",
        skills: ["api", "backend", "database", "integration"],
        responsibilities: ["Services and APIs"],
      },
      {
        role: "DevOps Engineer",
        skills: ["infrastructure", "deployment", "kubernetes", "monitoring"],
        responsibilities: ["CI/CD", "Infrastructure"],
      },
    ],
  },
  {
    name: "marketing-team",
    displayName: "Marketing",
    department: "marketing",
    placement: "marketing",
    purpose:
      "Plans campaigns, content and launches that grow awareness and demand for the product.",
    framework: "CrewAI",
    isTopLevel: true,
    enableChat: true,
    chatConfig: DEPARTMENT_HEAD_CHAT,
    reportsTo: { type: "executive", name: "Chief Marketing Officer" },
    members: [
      manager(
        "Marketing Director",
        ["marketing", "campaigns", "launch"],
        ["Marketing plan", "Launches"],
      ),
      {
        role: "Content Writer",
        skills: ["content", "copywriting", "blog", "newsletter"],
        responsibilities: ["Articles and copy"],
      },
      {
        role: "SEO Specialist",
        skills: ["seo", "analytics", "website"],
        responsibilities: ["Search visibility"],
      },
    ],
  },
  {
    name: "operations-team",
    displayName: "Operations",
    department: "operations",
    placement: "operations",
    purpose:
      "Runs internal processes, vendors, support and logistics so the company operates smoothly.",
    framework: "CrewAI",
    isTopLevel: true,
    enableChat: true,
    chatConfig: DEPARTMENT_HEAD_CHAT,
    reportsTo: { type: "executive", name: "Chief Operating Officer" },
    members: [
      manager(
        "Operations Manager",
        ["operations", "process", "vendors"],
        ["Processes", "Vendor management"],
      ),
      {
        role: "Customer Support Lead",
        skills: ["support", "customers", "tickets"],
        responsibilities: ["Customer support"],
      },
    ],
  },
  {
    name: "finance-team",
    displayName: "Finance",
    department: "finance",
    placement: "finance",
    purpose: "Manages budgets, forecasts, invoicing and financial reporting.",
    framework: "CrewAI",
    isTopLevel: true,
    enableChat: true,
    chatConfig: DEPARTMENT_HEAD_CHAT,
    reportsTo: { type: "executive", name: "Chief Financial Officer" },
    members: [
      manager(
        "Finance Director",
        ["finance", "budget", "forecast", "reporting"],
        ["Budgets", "Reporting"],
      ),
      {
        role: "Financial Analyst",
        skills: ["analysis", "pricing", "cost", "spreadsheet"],
        responsibilities: ["Financial analysis"],
      },
    ],
  },
  {
    name: "product-team",
    displayName: "Product",
    department: "product",
    placement: "product",
    purpose: "Defines what to build: research, requirements, roadmaps and specifications.",
    framework: "LangGraph",
    isTopLevel: false,
    enableChat: false,
    chatConfig: {},
    reportsTo: { type: "executive", name: "Chief Product Officer" },
    members: [
      manager(
        "Senior Product Manager",
        ["product", "requirements", "roadmap", "research"],
        ["Roadmap", "Specifications"],
      ),
      {
        role: "UX Researcher",
        skills: ["user research", "interviews", "usability"],
        responsibilities: ["User research"],
      },
    ],
  },
  {
    name: "qa-team",
    displayName: "Quality Assurance",
    department: "engineering",
    placement: "engineering.qa",
    purpose:
      "Tests releases, automates regression suites and guards quality before anything ships.",
    framework: "LangGraph",
    isTopLevel: false,
    enableChat: false,
    chatConfig: {},
    reportsTo: { type: "executive", name: "Chief Technology Officer" },
    members: [
      manager("QA Manager", ["testing", "quality", "release"], ["Test strategy"]),
      {
        role: "Test Automation Engineer",
        skills: ["automation", "regression", "playwright"],
        responsibilities: ["Automated tests"],
      },
    ],
  },
  {
    name: "sales-team",
    displayName: "Sales",
    department: "sales",
    placement: "sales",
    purpose: "Finds and closes customers: prospecting, demos, proposals and pricing negotiations.",
    framework: "CrewAI",
    isTopLevel: false,
    enableChat: false,
    chatConfig: {},
    reportsTo: { type: "executive", name: "Chief Executive Officer" },
    members: [
      manager("VP of Sales", ["sales", "deals", "pipeline"], ["Revenue targets"]),
      {
        role: "Account Executive",
        skills: ["prospecting", "demos", "proposals", "customers"],
        responsibilities: ["Closing deals"],
      },
    ],
  },
  {
    name: "frontend-team",
    displayName: "Frontend",
    department: "engineering",
    placement: "engineering.frontend",
    purpose:
      "Builds the web user interface: pages, components, accessibility and design implementation.",
    framework: "LangGraph",
    isTopLevel: false,
    enableChat: false,
    chatConfig: {},
    reportsTo: { type: "team", name: "engineering-team" },
    members: [
      manager("Frontend Lead", ["frontend", "react", "ui", "web"], ["Web UI"]),
      {
        role: "UI Developer",
        skills: ["css", "design system", "accessibility", "landing page"],
        responsibilities: ["Components"],
      },
    ],
  },
  {
    name: "mobile-team",
    displayName: "Mobile",
    department: "engineering",
    placement: "engineering.mobile",
    purpose: "Builds and ships the iOS and Android apps.",
    framework: "LangGraph",
    isTopLevel: false,
    enableChat: false,
    chatConfig: {},
    reportsTo: { type: "team", name: "engineering-team" },
    members: [manager("Mobile Lead", ["mobile", "ios", "android", "app"], ["Mobile apps"])],
  },
  {
    name: "social-media-team",
    displayName: "Social Media",
    department: "marketing",
    placement: "marketing.social",
    purpose: "Runs the company's social channels: posts, community replies and social campaigns.",
    framework: "CrewAI",
    isTopLevel: false,
    enableChat: false,
    chatConfig: {},
    reportsTo: { type: "executive", name: "Chief Marketing Officer" },
    members: [
      manager(
        "Social Media Manager",
        ["social media", "twitter", "linkedin", "community"],
        ["Social channels"],
      ),
    ],
  },
  {
    name: "general-team",
    displayName: "General Purpose",
    department: "general",
    placement: "general",
    purpose: "Handles ad-hoc work that does not belong to a department.",
    framework: "CrewAI",
    // Stand-alone: nobody above it, so it is a top-level team of its own, with chat off.
    isTopLevel: true,
    enableChat: false,
    chatConfig: {},
    members: [
      manager("General Manager", ["research", "writing", "coordination"], ["Ad-hoc tasks"]),
    ],
  },
];

/** Which executive manages which teams (ELF's executive_management). */
export const SEED_EXECUTIVE_MANAGEMENT: Array<{ executiveRole: string; teams: string[] }> = [
  { executiveRole: "Chief Executive Officer", teams: ["sales-team"] },
  { executiveRole: "Chief Technology Officer", teams: ["engineering-team", "qa-team"] },
  { executiveRole: "Chief Marketing Officer", teams: ["marketing-team", "social-media-team"] },
  { executiveRole: "Chief Operating Officer", teams: ["operations-team"] },
  { executiveRole: "Chief Financial Officer", teams: ["finance-team"] },
];
