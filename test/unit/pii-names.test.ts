// The personal-data and protected-attribute name classifier (src/engine/pii/names.ts).
import { strict as assert } from 'node:assert';
import { classifyPii, classifyProtected, isSensitivePii, tokenize } from '../../src/engine/pii/names';

describe('pii names: tokenize', () => {
  it('splits snake_case, camelCase, acronyms, kebab, dots and digits', () => {
    assert.deepEqual(tokenize('customerEmailAddress'), ['customer', 'email', 'address']);
    assert.deepEqual(tokenize('SSN'), ['ssn']);
    assert.deepEqual(tokenize('customerID'), ['customer', 'id']);
    assert.deepEqual(tokenize('HTTPServerName'), ['http', 'server', 'name']);
    assert.deepEqual(tokenize('first-name'), ['first', 'name']);
    assert.deepEqual(tokenize('icd10_code'), ['icd', '10', 'code']);
    assert.deepEqual(tokenize('PatientBirthDate'), ['patient', 'birth', 'date']);
  });
});

describe('pii names: classifyPii', () => {
  const sensitive = (n: string, context?: string) => isSensitivePii(classifyPii(n, { context }));
  it('recognises each category', () => {
    assert.equal(classifyPii('email')?.category, 'contact');
    assert.equal(classifyPii('customerEmail')?.category, 'contact');
    assert.equal(classifyPii('phone_number')?.category, 'contact');
    assert.equal(classifyPii('ip_address')?.category, 'online');
    assert.equal(classifyPii('device_id')?.category, 'online');
    assert.equal(classifyPii('ssn')?.category, 'government');
    assert.equal(classifyPii('passport_number')?.category, 'government');
    assert.equal(classifyPii('nhs_number')?.category, 'government');
    assert.equal(classifyPii('card_number')?.category, 'financial');
    assert.equal(classifyPii('iban')?.category, 'financial');
    assert.equal(classifyPii('diagnosis_code')?.category, 'health');
    assert.equal(classifyPii('mrn')?.category, 'health');
    assert.equal(classifyPii('ethnicity')?.category, 'special');
    assert.equal(classifyPii('religion')?.category, 'special');
    assert.equal(classifyPii('criminal_record')?.category, 'criminal');
    assert.equal(classifyPii('date_of_birth')?.category, 'quasi');
    assert.equal(classifyPii('postcode')?.category, 'quasi');
    assert.equal(classifyPii('annual_income')?.category, 'quasi');
    assert.equal(classifyPii('age')?.category, 'demographic');
    assert.equal(classifyPii('gender')?.category, 'demographic');
    assert.equal(classifyPii('customer_id')?.category, 'identifier');
  });
  it('marks Art. 9 / Art. 10 categories as special', () => {
    assert.equal(classifyPii('diagnosis')?.special, true);
    assert.equal(classifyPii('race')?.special, true);
    assert.equal(classifyPii('conviction')?.special, true);
    assert.equal(classifyPii('email')?.special, false);
  });
  it('sinks report identifiers, contact, financial, location, Art. 9 data, but not age/gender or record keys', () => {
    for (const n of ['email', 'full_name', 'username', 'ssn', 'iban', 'diagnosis', 'ethnicity', 'postcode', 'latitude', 'salary', 'date_of_birth']) assert.ok(sensitive(n), n);
    for (const n of ['age', 'gender', 'customer_id', 'user_id']) assert.ok(!sensitive(n), n);
  });
  it('does not treat names of models, features, files or columns as a person’s name', () => {
    for (const n of ['model_name', 'feature_name', 'file_name', 'column_name', 'col_name', 'dataset_name', 'run_name', 'product_name', 'company_name', 'hostname', 'feature_names']) {
      assert.equal(classifyPii(n), undefined, n);
    }
    assert.ok(sensitive('customer_name'));
    assert.ok(sensitive('patient_name'));
    assert.ok(sensitive('counterparty_name'));
    assert.ok(sensitive('user_name'));
  });
  it('bare `name` is weak, and not a person in a product or model table', () => {
    assert.equal(classifyPii('name')?.strength, 'weak');
    assert.equal(classifyPii('name', { context: 'products' }), undefined);
    assert.equal(classifyPii('name', { context: 'movies_df' }), undefined);
    assert.ok(classifyPii('name', { context: 'customers' }));
  });
  it('exclusion words turn a match into a non-match', () => {
    for (const n of ['email_template', 'email_config', 'is_email_verified', 'has_email', 'email_count', 'num_emails', 'email_domain', 'email_opened', 'phone_service', 'PhoneService', 'phone_code', 'has_credit_card', 'HasCrCard', 'credit_card_limit', 'num_credit_cards', 'email_regex', 'address_type', 'ip_version', 'last_login_date', 'debt_to_income', 'site_lat', 'store_lon', 'depot_latitude', 'atm_lng']) {
      assert.equal(classifyPii(n), undefined, n);
    }
  });
  it('the location of a person (home, pickup, a device) is still a location', () => {
    for (const n of ['home_lat', 'pickup_lon', 'lat', 'device_latitude', 'cell_lat']) assert.equal(classifyPii(n)?.label, 'location', n);
  });
  it('names that say a sanitizer ran are not personal data for the sinks', () => {
    for (const n of ['email_hash', 'hashed_email', 'masked_ssn', 'phone_sha256', 'pseudonymized_name', 'message_redacted', 'email_token']) assert.equal(classifyPii(n), undefined, n);
  });
  it('whole tokens only: cyclic encodings, images and usage are not sin/age/...', () => {
    for (const n of ['hour_sin', 'month_cos', 'image', 'usage', 'page_views', 'average_price', 'mileage', 'text', 'tokens', 'message', 'iris']) assert.equal(classifyPii(n), undefined, n);
  });
  it('honours configured extra names and the allow-list', () => {
    assert.equal(classifyPii('loyalty_member_ref'), undefined);
    assert.equal(classifyPii('loyalty_member_ref', { extraNames: ['loyalty_member'] })?.category, 'other');
    assert.equal(classifyPii('contact_email', { allow: ['contact_email'] }), undefined);
    assert.equal(classifyPii('ContactEmail', { allow: ['contact_email'] }), undefined);
    assert.ok(classifyPii('customer_email', { allow: ['contact_email'] }));
  });
});

describe('pii names: classifyProtected', () => {
  it('recognises protected attributes', () => {
    assert.equal(classifyProtected('gender')?.attribute, 'sex or gender');
    assert.equal(classifyProtected('sex_male')?.attribute, 'sex or gender');
    assert.equal(classifyProtected('race')?.attribute, 'race or ethnicity');
    assert.equal(classifyProtected('applicant_age')?.attribute, 'age');
    assert.equal(classifyProtected('age_yrs')?.attribute, 'age');
    assert.equal(classifyProtected('holder_age')?.attribute, 'age');
    assert.equal(classifyProtected('age_band')?.attribute, 'age');
    assert.equal(classifyProtected('SeniorCitizen')?.attribute, 'age');
    assert.equal(classifyProtected('marital_status')?.attribute, 'marital status');
    assert.equal(classifyProtected('native-country')?.attribute, 'national origin');
    assert.equal(classifyProtected('disability_status')?.attribute, 'disability');
    assert.equal(classifyProtected('is_pregnant')?.attribute, 'pregnancy');
    assert.equal(classifyProtected('religion')?.attribute, 'religion');
  });
  it('ages of things are not a person’s age', () => {
    for (const n of ['account_age_days', 'age_of_account', 'vehicle_age', 'policy_age', 'loan_age_months', 'credit_history_age', 'car_age', 'page_age', 'usage_age_h', 'site_age', 'cache_age_ms', 'firmware_age_days']) {
      assert.equal(classifyProtected(n), undefined, n);
    }
  });
  it('does not match substrings or unrelated words', () => {
    for (const n of ['usage', 'image', 'message', 'storage', 'colour', 'car_color', 'race_track_id', 'num_gender_categories', 'income']) assert.equal(classifyProtected(n), undefined, n);
  });
  it('honours extra attributes and the allow-list', () => {
    assert.equal(classifyProtected('veteran_status'), undefined);
    assert.equal(classifyProtected('veteran_status', { extraAttributes: ['veteran'] })?.attribute, 'configured protected attribute');
    assert.equal(classifyProtected('age', { allow: ['age'] }), undefined);
  });
});

describe('pii names: flags and encodings of special categories and protected attributes', () => {
  it('a flag or index of an Art. 9 category is still that category; other metadata words are not values', () => {
    assert.equal(classifyPii('has_disability')?.cls, 'special-category');
    assert.equal(classifyPii('is_pregnant')?.cls, 'special-category');
    assert.equal(classifyPii('primary_icd_code_idx')?.cls, 'special-category');
    assert.equal(classifyPii('ethnicity_index')?.cls, 'special-category');
    assert.equal(classifyPii('diagnosis_missing'), undefined);
    assert.equal(classifyPii('has_email'), undefined);
    assert.equal(classifyPii('email_idx'), undefined);
  });
  it('an encoded protected attribute is still protected; a vehicle age is not a person age', () => {
    assert.equal(classifyProtected('gender_idx')?.attribute, 'sex or gender');
    assert.equal(classifyProtected('has_disability')?.attribute, 'disability');
    assert.equal(classifyProtected('race_flag')?.attribute, 'race or ethnicity');
    assert.equal(classifyProtected('VehAge'), undefined);
    assert.equal(classifyProtected('DrivAge')?.attribute, 'age');
    assert.equal(classifyProtected('feature_idx'), undefined);
  });
});
