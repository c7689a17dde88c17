// ESLint over every TypeScript source: typescript-eslint's strict, type-checked rule set (the
// type information comes from tsconfig.json, so a rule sees what the compiler sees), the way
// fabric-gateway's Node client lints itself. `npm run lint` runs it; `npm test` runs that first.
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'run/**', '.fabric/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  eslint.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Numbers and booleans read plainly in messages; objects, undefined and null still do not.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      // `() => void reply.send(x)` style callbacks are clear as they are.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      // Fastify plugins and hooks are async functions by its API (an async plugin needs no `done`),
      // and so are mocha tests; an async function without an await is its convention, not a slip.
      '@typescript-eslint/require-await': 'off',
      // A leading underscore marks a value left unused on purpose, such as a property taken out of
      // an object by destructuring.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
);
