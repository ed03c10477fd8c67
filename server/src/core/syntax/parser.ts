import { CstParser, type CstNode, type IRecognitionException, type IToken } from 'chevrotain';
import * as T from './tokens.js';
import { errorMessages } from './error-messages.js';

/**
 * The concrete grammar of `.loss`. One instance serves the whole process (`parser.input = tokens` resets
 * it). Error recovery is on, so a broken declaration is skipped to the next `loss`/`trial`/`import`
 * keyword and a broken statement to the next `let`/`learn`/`return`, and parsing goes on.
 * Operands and operators of one precedence level share the labels `operand`/`op` so that the AST
 * builder reads them back in source order.
 */
class LossCstParser extends CstParser {
  /** Cached alternatives of the binary-operator OR (Chevrotain's advice for large ORs in hot rules). */
  private binaryOperators: { ALT: () => unknown }[] | undefined;

  constructor() {
    super(T.allTokens, { recoveryEnabled: true, nodeLocationTracking: 'onlyOffset', maxLookahead: 3, errorMessageProvider: errorMessages });
    this.performSelfAnalysis();
  }

  file = this.RULE('file', () => {
    this.MANY(() => {
      this.OR([
        { ALT: () => this.SUBRULE(this.importDecl) },
        { ALT: () => this.SUBRULE(this.lossDecl) },
        { ALT: () => this.SUBRULE(this.trialDecl) },
        // Read so it can be reported as what it is (a statement outside a loss body), not as noise.
        { ALT: () => this.SUBRULE(this.statement, { LABEL: 'strayStatement' }) },
      ]);
    });
  });

  importDecl = this.RULE('importDecl', () => {
    this.CONSUME(T.Import);
    this.OR([
      { ALT: () => this.CONSUME(T.StringLiteral, { LABEL: 'path' }) },
      { ALT: () => this.CONSUME(T.UnterminatedString, { LABEL: 'path' }) },
    ]);
  });

  lossDecl = this.RULE('lossDecl', () => {
    this.CONSUME(T.Loss);
    this.CONSUME(T.Identifier, { LABEL: 'name' });
    this.CONSUME(T.LParen);
    this.OPTION(() => {
      this.SUBRULE(this.parameter);
      this.MANY(() => {
        this.CONSUME(T.Comma);
        this.SUBRULE2(this.parameter);
      });
    });
    this.CONSUME(T.RParen);
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Equals, { LABEL: 'shorthand' });
          this.SUBRULE(this.expression, { LABEL: 'shorthandValue' });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.LBrace);
          this.MANY2(() => this.SUBRULE(this.statement));
          this.CONSUME(T.RBrace);
        },
      },
    ]);
  });

  parameter = this.RULE('parameter', () => {
    this.CONSUME(T.Identifier, { LABEL: 'name' });
    this.OPTION(() => {
      this.CONSUME(T.Colon);
      this.CONSUME2(T.Identifier, { LABEL: 'role' });
    });
    this.OPTION2(() => {
      this.CONSUME(T.Equals);
      this.SUBRULE(this.expression, { LABEL: 'defaultValue' });
      this.OPTION3(() => this.SUBRULE(this.rangeSpec));
    });
  });

  rangeSpec = this.RULE('rangeSpec', () => {
    this.CONSUME(T.In);
    this.CONSUME(T.LBracket);
    this.SUBRULE(this.expression, { LABEL: 'lo' });
    this.CONSUME(T.Comma);
    this.SUBRULE2(this.expression, { LABEL: 'hi' });
    this.CONSUME(T.RBracket);
  });

  statement = this.RULE('statement', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Let);
          this.CONSUME(T.Identifier, { LABEL: 'name' });
          this.CONSUME(T.Equals);
          this.SUBRULE(this.expression, { LABEL: 'value' });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Learn);
          this.CONSUME2(T.Identifier, { LABEL: 'name' });
          this.CONSUME2(T.Equals);
          this.SUBRULE2(this.expression, { LABEL: 'value' });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Return);
          this.SUBRULE3(this.expression, { LABEL: 'value' });
        },
      },
    ]);
  });

  trialDecl = this.RULE('trialDecl', () => {
    this.CONSUME(T.Trial);
    this.CONSUME(T.Identifier, { LABEL: 'name' });
    this.CONSUME(T.LBrace);
    this.MANY(() => this.SUBRULE(this.trialField));
    this.CONSUME(T.RBrace);
  });

  // `loss` is a keyword but also the name of a trial's main field.
  trialField = this.RULE('trialField', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Identifier, { LABEL: 'name' }) },
      { ALT: () => this.CONSUME(T.Loss, { LABEL: 'name' }) },
    ]);
    this.CONSUME(T.Equals);
    this.SUBRULE(this.expression, { LABEL: 'value' });
  });

  // All binary operators of one expression in one flat rule (operand (op operand)*): the AST builder
  // applies precedence and associativity. One CST node per expression instead of one per precedence level
  // keeps parsing and garbage collection cheap.
  expression = this.RULE('expression', () => {
    this.SUBRULE(this.unary, { LABEL: 'operand' });
    this.MANY(() => {
      this.OR(this.binaryOperators ??= [
        { ALT: () => this.CONSUME(T.Plus, { LABEL: 'op' }) },
        { ALT: () => this.CONSUME(T.Minus, { LABEL: 'op' }) },
        { ALT: () => this.CONSUME(T.Star, { LABEL: 'op' }) },
        { ALT: () => this.CONSUME(T.Slash, { LABEL: 'op' }) },
        { ALT: () => this.CONSUME(T.EqEq, { LABEL: 'op' }) },
        { ALT: () => this.CONSUME(T.NotEq, { LABEL: 'op' }) },
        { ALT: () => this.CONSUME(T.LessEq, { LABEL: 'op' }) },
        { ALT: () => this.CONSUME(T.GreaterEq, { LABEL: 'op' }) },
        { ALT: () => this.CONSUME(T.Less, { LABEL: 'op' }) },
        { ALT: () => this.CONSUME(T.Greater, { LABEL: 'op' }) },
      ]);
      this.SUBRULE2(this.unary, { LABEL: 'operand' });
    });
  });

  // Unary minus binds looser than `^`: -x^2 = -(x^2); the exponent may itself be signed: x^-2.
  unary = this.RULE('unary', () => {
    this.OR([
      {
        ALT: () => {
          this.OR2([
            { ALT: () => this.CONSUME(T.Minus, { LABEL: 'op' }) },
            { ALT: () => this.CONSUME(T.Plus, { LABEL: 'op' }) },
          ]);
          this.SUBRULE(this.unary, { LABEL: 'operand' });
        },
      },
      { ALT: () => this.SUBRULE(this.power, { LABEL: 'operand' }) },
    ]);
  });

  power = this.RULE('power', () => {
    this.SUBRULE(this.atom, { LABEL: 'base' });
    this.OPTION(() => {
      this.OR([
        { ALT: () => this.CONSUME(T.Caret, { LABEL: 'op' }) },
        { ALT: () => this.CONSUME(T.StarStar, { LABEL: 'op' }) },
      ]);
      this.SUBRULE(this.unary, { LABEL: 'exponent' });
    });
  });

  atom = this.RULE('atom', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.NumberLiteral) },
      { ALT: () => this.CONSUME(T.StringLiteral) },
      { ALT: () => this.CONSUME(T.UnterminatedString) },
      { ALT: () => this.SUBRULE(this.callOrName) },
      { ALT: () => this.SUBRULE(this.parenthesized) },
      { ALT: () => this.SUBRULE(this.vector) },
    ]);
  });

  callOrName = this.RULE('callOrName', () => {
    this.CONSUME(T.Identifier, { LABEL: 'name' });
    this.OPTION(() => {
      this.CONSUME(T.LParen);
      this.OPTION2(() => {
        this.SUBRULE(this.argument);
        this.MANY(() => {
          this.CONSUME(T.Comma);
          this.SUBRULE2(this.argument);
        });
      });
      this.CONSUME(T.RParen);
    });
  });

  argument = this.RULE('argument', () => {
    this.OPTION(() => {
      this.CONSUME(T.Identifier, { LABEL: 'name' });
      this.CONSUME(T.Equals);
    });
    this.SUBRULE(this.expression, { LABEL: 'value' });
  });

  parenthesized = this.RULE('parenthesized', () => {
    this.CONSUME(T.LParen);
    this.SUBRULE(this.expression, { LABEL: 'inner' });
    this.CONSUME(T.RParen);
  });

  vector = this.RULE('vector', () => {
    this.CONSUME(T.LBracket);
    this.OPTION(() => {
      this.SUBRULE(this.expression, { LABEL: 'item' });
      this.MANY(() => {
        this.CONSUME(T.Comma);
        this.SUBRULE2(this.expression, { LABEL: 'item' });
      });
    });
    this.CONSUME(T.RBracket);
  });
}

export const lossParser = new LossCstParser();

export interface CstParseResult {
  readonly cst: CstNode;
  readonly errors: readonly IRecognitionException[];
}

export function parseTokens(tokens: IToken[]): CstParseResult {
  lossParser.input = tokens;
  const cst = lossParser.file();
  return { cst, errors: [...lossParser.errors] };
}
