package knowledge

// Fact is one statement of a pathway summary and the guide headings it is
// taken from, so every figure the bot shows can be traced to the guide.
type Fact struct {
	Text    string   `yaml:"text"`
	Sources []string `yaml:"sources"`
}

// Stage is one step of a pathway's timeline.
type Stage struct {
	// Name is short ("Internship"); When says when it happens ("Year 1",
	// "Years 2-4", "After DR residency").
	Name string `yaml:"name"`
	When string `yaml:"when"`
	Fact `yaml:",inline"`
}

// Pathway is a structured summary of one route into IR.
type Pathway struct {
	// Key is the stable name used in commands: integrated, independent, esir.
	Key string `yaml:"key"`
	// Name is the display name ("Integrated IR Residency").
	Name string `yaml:"name"`
	// Aliases are other words students use for it ("6-year", "dr first").
	Aliases       []string `yaml:"aliases"`
	Summary       Fact     `yaml:"summary"`
	Length        Fact     `yaml:"length"`
	Prerequisites []Fact   `yaml:"prerequisites"`
	Stages        []Stage  `yaml:"stages"`
	Differences   []Fact   `yaml:"differences"`
	Certification Fact     `yaml:"certification"`
}

// SynonymGroup is a set of words or phrases that mean the same thing to a
// student ("IR", "interventional radiology").
type SynonymGroup []string
