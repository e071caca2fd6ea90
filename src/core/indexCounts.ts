import { Index } from './api/schemas';

/**
 * The index as the tree shows it after `change` videos were added (positive) or deleted (negative),
 * without asking TwelveLabs again. An unknown duration leaves the total as it was: better unchanged than wrong.
 */
export function recounted(index: Index, change: number, duration: number | undefined): Index {
  const { video_count, total_duration } = index;
  return {
    ...index,
    video_count: video_count === undefined ? undefined : Math.max(0, video_count + change),
    total_duration:
      total_duration === undefined || duration === undefined
        ? total_duration
        : Math.max(0, total_duration + Math.sign(change) * duration),
  };
}
