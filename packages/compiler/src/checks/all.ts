import type { CheckRegistry } from './registry.js';
import { checkButtonBody } from './button-body.js';
import { checkCallFields, checkCallShape, checkEndpointNames, checkEndpoints, checkUnusedEndpoints } from './calls.js';
import { checkAutomaticChains } from './chains.js';
import { checkConditionVariables } from './condition-variables.js';
import { checkHeader } from './header.js';
import { checkMessageLanguages, checkNodeLanguages } from './languages.js';
import { checkEndLimits, checkInputLimits, checkMenuLimits, checkPageLimits } from './limits.js';
import { checkAutomaticLoops } from './loops.js';
import { checkSystemTextLimits, checkSystemTexts } from './messages.js';
import { checkMenuUniqueness, checkWordsAgainstCommands } from './menus.js';
import { checkMenuNames, checkSourceNames, checkTargets } from './names.js';
import { checkHeaderRanges, checkInputRanges, checkMenuRanges } from './ranges.js';
import { checkReachable } from './reach.js';
import { checkPageMedia } from './media.js';
import { checkMisspeltLanguages } from './renamed-languages.js';
import { checkBranchShape, checkGotoShape, checkInputShape, checkMenuShape, checkPageShape } from './shape.js';
import { checkExpectation, checkLinks } from './values.js';
import { checkVariables } from './variables.js';
import { checkWords } from './words.js';

/** Every check of the compiler, registered per node kind. */
export const allChecks: CheckRegistry = {
  program: [checkHeader, checkMisspeltLanguages, checkTargets, checkSourceNames, checkEndpointNames, checkEndpoints, checkUnusedEndpoints, checkHeaderRanges, checkMessageLanguages, checkSystemTexts, checkSystemTextLimits, checkReachable, checkAutomaticLoops, checkAutomaticChains, checkVariables, checkConditionVariables, checkWords],
  anyNode: [checkNodeLanguages],
  byKind: {
    menu: [checkMenuShape, checkMenuNames, checkMenuUniqueness, checkWordsAgainstCommands, checkMenuLimits, checkMenuRanges],
    page: [checkPageShape, checkLinks, checkPageMedia, checkButtonBody, checkPageLimits],
    input: [checkInputShape, checkExpectation, checkInputRanges, checkInputLimits],
    branch: [checkBranchShape],
    goto: [checkGotoShape],
    end: [checkEndLimits],
    call: [checkCallShape, checkCallFields],
  },
};
