import { FORMAT_CHECKERS, isUuidLike } from './cinder-formats';
import { CinderFault } from './fault';

describe('isUuidLike', () => {
  it.each([
    '3a81fdac-e8ae-4e61-b6a2-2e14ff316f19',
    '95D9EF50-507D-11E5-B970-0800200C9A66',
    '3a81fdace8ae4e61b6a22e14ff316f19',
    '{3a81fdac-e8ae-4e61-b6a2-2e14ff316f19}',
    '{{3a81fdac-e8ae-4e61-b6a2-2e14ff316f19}',
    'urn:uuid:3a81fdac-e8ae-4e61-b6a2-2e14ff316f19',
    '3a81-fdac-e8ae-4e61-b6a2-2e14-ff31-6f19',
    '3a81fdac-e8ae-4e61-urn:b6a2-2e14ff316f19',
  ])('accepts %s', (value) => {
    expect(isUuidLike(value)).toBe(true);
  });

  it.each([
    '3a81fdac-e8ae-4e61-b6a2-2e14ff316f1',
    '3a81fdac-e8ae-4e61-b6a2-2e14ff316f199',
    '3a81fdac-e8ae-4e61-b6a2-2e14ff316f1g',
    'URN:UUID:3a81fdac-e8ae-4e61-b6a2-2e14ff316f19',
    ' 3a81fdac-e8ae-4e61-b6a2-2e14ff316f19',
    '3a81fdac_e8ae_4e61_b6a2_2e14ff316f19',
    '+3a81fdace8ae4e61b6a22e14ff316f1',
    '３a81fdace8ae4e61b6a22e14ff316f19',
    '',
  ])('refuses %j', (value) => {
    expect(isUuidLike(value)).toBe(false);
  });

  it('refuses non-strings', () => {
    expect(isUuidLike(5)).toBe(false);
    expect(isUuidLike(null)).toBe(false);
  });
});

describe('the whitespace-stripping length formats', () => {
  const name = FORMAT_CHECKERS.name_non_mandatory_remove_white_spaces;
  const description = FORMAT_CHECKERS.description_non_mandatory_remove_white_spaces;

  it('accept None, the empty string, and 255 characters once stripped', () => {
    expect(name(null)).toBe(true);
    expect(name('')).toBe(true);
    expect(name(` ${'x'.repeat(255)}\n`)).toBe(true);
    expect(description('😀'.repeat(255))).toBe(true);
  });

  it("throw Cinder's InvalidInput beyond 255 characters, naming the entity", () => {
    expect(() => name('x'.repeat(256))).toThrow(
      new CinderFault(400, 'Invalid input received: name has 256 characters, more than 255.'),
    );
    expect(() => description(` ${'y'.repeat(300)} `)).toThrow(
      'Invalid input received: description has 300 characters, more than 255.',
    );
  });
});
