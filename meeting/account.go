package meeting

import (
	"context"
	"slices"
	"time"
)

// Account is an at-risk account on the CEO's monthly top-10 list (the
// executive seed's case snapshot): the account, its health, the risk, the
// mitigation with its owner, and the date it is done by; with the ARR at
// stake and the renewal date when known.
type Account struct {
	ID         string        `json:"id"` // W1, W2, … (the watch list)
	Account    string        `json:"account"`
	Health     AccountHealth `json:"health"`
	ARR        float64       `json:"arr,omitempty"` // annual recurring revenue at risk
	Renewal    Date          `json:"renewal,omitempty"`
	Risk       string        `json:"risk"`
	Mitigation string        `json:"mitigation,omitempty"`
	Owner      string        `json:"owner,omitempty"` // the mitigation's owner
	Due        Date          `json:"due,omitempty"`   // the mitigation's date
	Status     AccountStatus `json:"status"`
	ReviewedAt time.Time     `json:"reviewed_at,omitzero"` // last reviewed in a meeting or updated
	MeetingID  string        `json:"meeting_id,omitempty"` // where it went on the list
	CreatedBy  string        `json:"created_by"`
	CreatedAt  time.Time     `json:"created_at"`
	UpdatedAt  time.Time     `json:"updated_at"`
}

// AccountHealth is a customer health status.
type AccountHealth string

const (
	HealthRed    AccountHealth = "red"
	HealthYellow AccountHealth = "yellow"
	HealthGreen  AccountHealth = "green"
)

// ParseHealth accepts red, yellow (amber) or green.
func ParseHealth(s string) (AccountHealth, error) {
	switch lower(s) {
	case "red", "🔴":
		return HealthRed, nil
	case "yellow", "amber", "🟡":
		return HealthYellow, nil
	case "green", "🟢":
		return HealthGreen, nil
	}
	return "", Errorf(EINVALID, "health %q is not red, yellow or green", clip(s))
}

// AccountStatus says whether an account is still on the list.
type AccountStatus string

const (
	AccountAtRisk  AccountStatus = "at-risk"
	AccountSaved   AccountStatus = "saved"   // off the list: retained
	AccountChurned AccountStatus = "churned" // off the list: lost
)

// ParseAccountStatus accepts at-risk, saved or churned.
func ParseAccountStatus(s string) (AccountStatus, error) {
	switch lower(s) {
	case "at-risk", "at risk", "atrisk", "open":
		return AccountAtRisk, nil
	case "saved", "retained", "recovered":
		return AccountSaved, nil
	case "churned", "lost":
		return AccountChurned, nil
	}
	return "", Errorf(EINVALID, "account status %q is not at-risk, saved or churned", clip(s))
}

// AccountInput is what a person types for an account; strings are raw and
// untrusted, and empty ones leave a field as it is when updating.
type AccountInput struct {
	Account, Health, ARR, Renewal, Risk, Mitigation, Owner, Due, Status string
}

// NewAccount validates input into an at-risk account listed now by by.
func NewAccount(in AccountInput, by string, now time.Time) (*Account, error) {
	x := &Account{Status: AccountAtRisk, CreatedBy: by, CreatedAt: now, UpdatedAt: now, ReviewedAt: now}
	var err error
	if x.Account, err = line("account", in.Account, MaxName, true); err != nil {
		return nil, err
	}
	if CleanLine(in.Health, 20) == "" {
		return nil, Errorf(EINVALID, "say the account's health: red, yellow or green (--health red)")
	}
	if CleanLine(in.Risk, MaxLine) == "" {
		return nil, Errorf(EINVALID, "say what puts the account at risk (--risk \"…\")")
	}
	if err := x.Apply(in, now); err != nil {
		return nil, err
	}
	return x, x.Validate()
}

// Apply changes the fields in that are set ("clear" empties an optional
// one).
func (x *Account) Apply(in AccountInput, now time.Time) error {
	var err error
	if s := CleanLine(in.Account, MaxName); s != "" {
		x.Account = s
	}
	if CleanLine(in.Health, 20) != "" {
		if x.Health, err = ParseHealth(in.Health); err != nil {
			return err
		}
	}
	if CleanLine(in.Status, 20) != "" {
		if x.Status, err = ParseAccountStatus(in.Status); err != nil {
			return err
		}
	}
	set := func(dst *string, field, raw string, max int) error {
		if isClear(raw) {
			*dst = ""
			return nil
		}
		v, err := line(field, raw, max, false)
		if v != "" {
			*dst = v
		}
		return err
	}
	if err := set(&x.Risk, "risk", in.Risk, MaxLine); err != nil {
		return err
	}
	if err := set(&x.Mitigation, "mitigation", in.Mitigation, MaxLine); err != nil {
		return err
	}
	if isClear(in.Owner) {
		x.Owner = ""
	} else if CleanLine(in.Owner, MaxName) != "" {
		if x.Owner, err = ownerField(in.Owner); err != nil {
			return err
		}
	}
	for _, d := range []struct {
		dst   *Date
		field string
		raw   string
	}{{&x.Due, "mitigation date", in.Due}, {&x.Renewal, "renewal date", in.Renewal}} {
		switch raw := CleanLine(d.raw, 40); {
		case isClear(raw):
			*d.dst = ""
		case raw != "":
			v, err := ParseDay(raw, now)
			if err != nil {
				return Errorf(EINVALID, "%s: %s", d.field, ErrorMessage(err))
			}
			*d.dst = v
		}
	}
	if isClear(in.ARR) {
		x.ARR = 0
	} else if CleanLine(in.ARR, 40) != "" {
		if x.ARR, err = ParseMoney("ARR", in.ARR); err != nil {
			return err
		}
	}
	x.UpdatedAt, x.ReviewedAt = now, now
	return nil
}

// Validate checks an account before it is stored.
func (x *Account) Validate() error {
	var c check
	c.id("account", 'W', x.ID)
	c.line("account", x.Account, MaxName, true)
	switch {
	case c.err != nil:
	case x.Health != HealthRed && x.Health != HealthYellow && x.Health != HealthGreen:
		c.fail("health %q is not red, yellow or green", clip(string(x.Health)))
	case x.Status != AccountAtRisk && x.Status != AccountSaved && x.Status != AccountChurned:
		c.fail("account status %q is not at-risk, saved or churned", clip(string(x.Status)))
	}
	c.finite("ARR", x.ARR)
	if c.err == nil && x.ARR < 0 {
		c.fail("ARR is negative")
	}
	c.date("renewal date", x.Renewal, false)
	c.line("risk", x.Risk, MaxLine, true)
	c.line("mitigation", x.Mitigation, MaxLine, false)
	c.handle("mitigation owner", x.Owner, false)
	c.date("mitigation date", x.Due, false)
	c.ref("meeting", 'M', x.MeetingID)
	c.handle("created by", x.CreatedBy, false)
	return c.err
}

// Clone returns a copy.
func (x *Account) Clone() *Account { c := *x; return &c }

// healthRank orders red before yellow before green.
func healthRank(h AccountHealth) int {
	return map[AccountHealth]int{HealthRed: 0, HealthYellow: 1, HealthGreen: 2}[h]
}

// SortAtRisk orders accounts as the top-10 review takes them: still at
// risk first, red before yellow before green, then the most ARR, then id.
func SortAtRisk(as []*Account) {
	slices.SortStableFunc(as, func(a, b *Account) int {
		switch {
		case (a.Status == AccountAtRisk) != (b.Status == AccountAtRisk):
			if a.Status == AccountAtRisk {
				return -1
			}
			return 1
		case healthRank(a.Health) != healthRank(b.Health):
			return healthRank(a.Health) - healthRank(b.Health)
		case a.ARR != b.ARR:
			if a.ARR > b.ARR {
				return -1
			}
			return 1
		}
		return CompareIDs(a.ID, b.ID)
	})
}

// TopAtRisk is how many accounts the CEO's review takes.
const TopAtRisk = 10

// AccountFilter narrows an account query.
type AccountFilter struct {
	Status AccountStatus // "": any
}

// Match reports whether x passes the filter.
func (f AccountFilter) Match(x *Account) bool { return f.Status == "" || x.Status == f.Status }

// AccountStore keeps the at-risk accounts.
type AccountStore interface {
	CreateAccount(ctx context.Context, x *Account) error
	UpdateAccount(ctx context.Context, id string, fn func(*Account) error) (*Account, error)
	Account(ctx context.Context, id string) (*Account, error)
	Accounts(ctx context.Context, f AccountFilter) ([]*Account, error) // by id
}
