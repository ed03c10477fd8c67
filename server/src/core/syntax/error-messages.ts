import type { IParserErrorMessageProvider, IToken, TokenType } from 'chevrotain';

// Parser messages in the words a user reads: "expected ')' after the arguments, found 'let'".

const RULE_WHAT: Record<string, string> = {
  file: "a declaration ('loss', 'trial' or 'import')",
  statement: "a statement ('let', 'learn' or 'return')",
  expression: 'an expression',
  unary: 'an expression',
  power: 'an expression',
  atom: 'an expression',
  parameter: 'a parameter',
  trialField: 'a trial field (name = value)',
  lossDecl: 'a loss declaration',
  trialDecl: 'a trial declaration',
};

export function describeToken(t: IToken): string {
  if (t.tokenType.name === 'EOF') return 'the end of the file';
  const image = t.image.length > 24 ? `${t.image.slice(0, 24)}…` : t.image;
  return `'${image}'`;
}

function label(t: TokenType): string {
  if (t.name === 'Identifier') return 'a name';
  if (t.name === 'NumberLiteral') return 'a number';
  if (t.name === 'StringLiteral') return 'a string';
  return t.LABEL ?? t.name;
}

export const errorMessages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual, ruleName }) {
    if (expected.name === 'EOF') return `unexpected ${describeToken(actual)}: expected a declaration ('loss', 'trial' or 'import')`;
    const where = ruleName === 'importDecl' && expected.name === 'StringLiteral' ? ' (the imported file, in quotes)' : '';
    return `expected ${label(expected)}${where}, found ${describeToken(actual)}`;
  },
  buildNotAllInputParsedMessage({ firstRedundant }) {
    return `unexpected ${describeToken(firstRedundant)}: expected a declaration ('loss', 'trial' or 'import')`;
  },
  buildNoViableAltMessage({ actual, ruleName }) {
    const what = RULE_WHAT[ruleName] ?? 'something else';
    return `expected ${what}, found ${describeToken(actual[0])}`;
  },
  buildEarlyExitMessage({ actual, ruleName }) {
    const what = RULE_WHAT[ruleName] ?? 'something else';
    return `expected ${what}, found ${describeToken(actual[0])}`;
  },
};
