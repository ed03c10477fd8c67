import { createToken, Lexer, type TokenType } from 'chevrotain';

// The lexical grammar of `.loss` (normative part of the language design). Order matters: longer
// operators before their prefixes, keywords before identifiers (with `longer_alt`).

export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t\r\n\f\v]+/, group: Lexer.SKIPPED, line_breaks: true });
/** `## …` directly above a declaration is its doc comment; kept in a side channel, not seen by the parser. */
export const DocComment = createToken({ name: 'DocComment', pattern: /##[^\r\n]*/, group: 'comments' });
export const Comment = createToken({ name: 'Comment', pattern: /#[^\r\n]*/, group: 'comments' });

export const Identifier = createToken({ name: 'Identifier', pattern: /[A-Za-z_][A-Za-z0-9_]*/ });
const keyword = (word: string): TokenType =>
  createToken({ name: word[0].toUpperCase() + word.slice(1), pattern: new RegExp(word), longer_alt: Identifier, label: `'${word}'` });
export const Loss = keyword('loss');
export const Import = keyword('import');
export const Let = keyword('let');
export const Learn = keyword('learn');
export const Return = keyword('return');
export const Trial = keyword('trial');
export const In = keyword('in');
export const KEYWORDS = ['loss', 'import', 'let', 'learn', 'return', 'trial', 'in'] as const;

// `1.`, `2`, `0.25`, `1e-4`, `.5`
export const NumberLiteral = createToken({ name: 'NumberLiteral', pattern: /(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/, label: 'number' });
export const StringLiteral = createToken({ name: 'StringLiteral', pattern: /"[^"\r\n]*"/, label: 'string' });
/** A string that reaches the end of its line: lexed so that the error is located and parsing goes on. */
export const UnterminatedString = createToken({ name: 'UnterminatedString', pattern: /"[^"\r\n]*/, label: 'string' });

export const StarStar = createToken({ name: 'StarStar', pattern: /\*\*/, label: "'**'" });
export const EqEq = createToken({ name: 'EqEq', pattern: /==/, label: "'=='" });
export const NotEq = createToken({ name: 'NotEq', pattern: /!=/, label: "'!='" });
export const LessEq = createToken({ name: 'LessEq', pattern: /<=/, label: "'<='" });
export const GreaterEq = createToken({ name: 'GreaterEq', pattern: />=/, label: "'>='" });
export const Less = createToken({ name: 'Less', pattern: /</, label: "'<'" });
export const Greater = createToken({ name: 'Greater', pattern: />/, label: "'>'" });
export const Plus = createToken({ name: 'Plus', pattern: /\+/, label: "'+'" });
export const Minus = createToken({ name: 'Minus', pattern: /-/, label: "'-'" });
export const Star = createToken({ name: 'Star', pattern: /\*/, label: "'*'" });
export const Slash = createToken({ name: 'Slash', pattern: /\//, label: "'/'" });
export const Caret = createToken({ name: 'Caret', pattern: /\^/, label: "'^'" });
export const Equals = createToken({ name: 'Equals', pattern: /=/, label: "'='" });
export const LParen = createToken({ name: 'LParen', pattern: /\(/, label: "'('" });
export const RParen = createToken({ name: 'RParen', pattern: /\)/, label: "')'" });
export const LBracket = createToken({ name: 'LBracket', pattern: /\[/, label: "'['" });
export const RBracket = createToken({ name: 'RBracket', pattern: /]/, label: "']'" });
export const LBrace = createToken({ name: 'LBrace', pattern: /{/, label: "'{'" });
export const RBrace = createToken({ name: 'RBrace', pattern: /}/, label: "'}'" });
export const Comma = createToken({ name: 'Comma', pattern: /,/, label: "','" });
export const Colon = createToken({ name: 'Colon', pattern: /:/, label: "':'" });

export const allTokens: TokenType[] = [
  WhiteSpace, DocComment, Comment,
  Loss, Import, Let, Learn, Return, Trial, In, Identifier,
  NumberLiteral, StringLiteral, UnterminatedString,
  StarStar, EqEq, NotEq, LessEq, GreaterEq, Less, Greater,
  Plus, Minus, Star, Slash, Caret, Equals,
  LParen, RParen, LBracket, RBracket, LBrace, RBrace, Comma, Colon,
];

/** One lexer for the whole process (Chevrotain's guidance: build once, reuse). */
export const lossLexer = new Lexer(allTokens, { ensureOptimizations: true, positionTracking: 'full' });
