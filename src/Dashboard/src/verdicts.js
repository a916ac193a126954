// What a comparison's verdict looks like: the API already applies the metric's direction, so "better"
// is good whether the metric should go up or down.
const looks = {
  better: { label: 'Better', tone: 'good' },
  worse: { label: 'Worse', tone: 'bad' },
  inconclusive: { label: 'Not yet conclusive', tone: 'neutral' },
  notEnoughData: { label: 'Not enough data', tone: 'neutral' },
  increased: { label: 'Increased (no direction set)', tone: 'info' },
  decreased: { label: 'Decreased (no direction set)', tone: 'info' },
};

export function verdictLook(verdict) {
  return looks[verdict] ?? { label: verdict, tone: 'neutral' };
}

export function directionArrow(direction) {
  return direction === 'higher' ? '↑ higher is better' : direction === 'lower' ? '↓ lower is better' : 'no direction set';
}
